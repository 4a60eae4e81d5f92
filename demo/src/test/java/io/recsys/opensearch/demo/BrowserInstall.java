package io.recsys.opensearch.demo;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium and its driver for the page's test: found on PATH, else installed by demo/scripts/install-browser.sh
 * (Debian's chromium and chromium-driver), so {@code mvn -f demo/pom.xml install} works on a fresh machine too.
 */
final class BrowserInstall {

    private BrowserInstall() {}

    static void ensure(Path demoDir) throws Exception {
        if (onPath("chromium").isPresent() && onPath("chromedriver").isPresent()) {
            return;
        }
        Path script = demoDir.resolve("scripts/install-browser.sh");
        Process install = new ProcessBuilder("bash", script.toString()).inheritIO().start();
        if (install.waitFor(15, TimeUnit.MINUTES) == false || install.exitValue() != 0) {
            throw new IllegalStateException(script + " could not install chromium and chromedriver (its message above)");
        }
    }

    static String chromium() {
        return onPath("chromium").orElseThrow(() -> new IllegalStateException("chromium is not on PATH")).toString();
    }

    static String chromedriver() {
        return onPath("chromedriver").orElseThrow(() -> new IllegalStateException("chromedriver is not on PATH")).toString();
    }

    private static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
