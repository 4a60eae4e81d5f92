package io.recsys.opensearch.demo;

import java.io.PrintStream;
import java.util.Locale;

/** The demo's own output: one line per step on stdout, apart from the node's log lines. */
final class Console {

    private final PrintStream out;

    Console(PrintStream out) {
        this.out = out;
    }

    /** A progress line: "[demo] …". */
    void step(String format, Object... args) {
        out.println("[demo] " + String.format(Locale.ROOT, format, args));
        out.flush();
    }

    /** A line of the final report, as is. */
    void line(String text) {
        out.println(text);
    }

    void blank() {
        out.println();
    }

    void flush() {
        out.flush();
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
