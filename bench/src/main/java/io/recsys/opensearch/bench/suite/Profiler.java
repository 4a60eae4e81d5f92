package io.recsys.opensearch.bench.suite;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code --profile DIR}: a JDK Flight Recorder recording (the JDK's "profile" settings: method samples every 10–20 ms,
 * allocation samples, locks) of each step — the ingest and every query scenario — dumped to {@code DIR/<step>.jfr}.
 * The node runs in this JVM, so the recordings hold its threads ({@code opensearch[...]}) beside the client's. Read them
 * with {@code jfr view hot-methods FILE}, {@code jfr print --events jdk.ExecutionSample FILE} or {@code jfr summary FILE}.
 */
final class Profiler {

    /** Where recordings go; null when profiling is off. */
    private final Path dir;

    Profiler(Path dir) {
        this.dir = dir;
    }

    /** A running recording, or null when profiling is off. */
    Recording start() {
        if (dir == null) {
            return null;
        }
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            // 1 ms samples (the settings' 10-20 ms leave a request of a few milliseconds with too few)
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
            recording.start();
            return recording;
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot start a JFR recording", e);
        }
    }

    /** Stops the recording and writes it as {@code DIR/<step>.jfr}. */
    void stop(Recording recording, String step) {
        if (recording == null) {
            return;
        }
        try (recording) {
            recording.stop();
            Files.createDirectories(dir);
            Path file = dir.resolve(step.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "") + ".jfr");
            recording.dump(file);
            System.out.println("  profile written to " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
