package io.recsys.opensearch.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A hint left in the node's home after a load: the fingerprint of what was loaded. The next run reads the log in the
 * background only when the hint differs; the index's own {@code _meta} still decides whether to reload, so a stale
 * or missing hint costs time, never correctness.
 */
final class LoadedMarker {

    static final String FILE = "loaded.fingerprint";

    private LoadedMarker() {}

    /** The last loaded fingerprint, or null. */
    static String read(Path home) {
        try {
            return Files.readString(home.resolve(FILE), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        }
    }

    static void write(Path home, String fingerprint) {
        try {
            Files.writeString(home.resolve(FILE), fingerprint + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            // only a hint: the next run reads the log in the background, as on a first run
        }
    }
}
