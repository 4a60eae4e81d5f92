package io.recsys.opensearch.demo;

import java.util.Locale;

/**
 * A progress line at every tenth of a long step ("[demo] events: 120,000 / 396,241 (30%), 4,310/s"), from any
 * thread: lines rather than a bar redrawn in place, so a log file of the run reads the same as the terminal.
 */
final class Progress {

    private final Console console;
    /** What is counted, e.g. "events". */
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private long done;
    /** The last tenth printed. */
    private int tenths;

    Progress(Console console, String label, long total) {
        this.console = console;
        this.label = label;
        this.total = total;
    }

    synchronized void advance(long count) {
        done += count;
        int now = total == 0 ? 10 : (int) (done * 10 / total);
        if (now > tenths && now < 10) { // the step's own summary line says 100%
            tenths = now;
            console.step("%s: %,d / %,d (%d%%), %s/s", label, done, total, now * 10,
                String.format(Locale.ROOT, "%,.0f", done / Math.max(1e-3, (System.nanoTime() - start) / 1e9)));
        }
    }
}
