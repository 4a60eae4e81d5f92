package io.recsys.opensearch.tools.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The commit of the checkout a report was produced from, so that a reader can tell whether a report is older than the
 * code it describes: {@code git rev-parse --short HEAD}, marked "with local changes" when the work tree differs.
 */
public final class SourceCommit {

    private SourceCommit() {}

    /** A description such as {@code commit 1a2b3c4} or {@code commit 1a2b3c4 with local changes}, or why none is known. */
    public static String describe() {
        String head = git("rev-parse", "--short", "HEAD");
        if (head == null || head.isBlank()) {
            return "commit unknown (not run from a git checkout)";
        }
        String changes = git("status", "--porcelain", "--untracked-files=no");
        return "commit " + head.strip() + (changes != null && changes.isBlank() == false ? " with local changes" : "");
    }

    private static String git(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor(10, TimeUnit.SECONDS) == false) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? output : null;
        } catch (IOException e) {
            return null; // no git on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
