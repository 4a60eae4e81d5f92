package io.recsys.opensearch.tools.console;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.function.IntConsumer;

/**
 * A progress bar for a long step (bulk loads, event ingest, training iterations, query replay) on the terminal; where
 * the output is not a terminal (CI logs, a pipe), a plain line at each quarter instead of a redrawn bar.
 */
public final class Progress implements AutoCloseable, IntConsumer {

    private final ProgressBar bar;
    private final PrintStream plain;
    private final String task;
    private final long total;
    private long done;
    private int quartersPrinted;

    private Progress(String task, long total, boolean terminal, PrintStream out) {
        this.task = task;
        this.total = total;
        if (terminal) {
            this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).continuousUpdate().build();
            this.plain = null;
        } else {
            this.bar = null;
            this.plain = out;
        }
    }

    /** A bar on the terminal, or quarter lines to {@code out}. */
    public static Progress start(String task, long total, PrintStream out) {
        return new Progress(task, total, System.console() != null && System.getenv("RECSYS_TOOL_PLAIN") == null, out);
    }

    @Override
    public synchronized void accept(int steps) {
        done += steps;
        if (bar != null) {
            bar.stepBy(steps);
        } else if (total > 0) {
            while (quartersPrinted < 4 && done * 4 >= total * (quartersPrinted + 1)) {
                quartersPrinted++;
                plain.printf("  %s: %d%% (%,d/%,d)%n", task, quartersPrinted * 25, done, total);
            }
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
