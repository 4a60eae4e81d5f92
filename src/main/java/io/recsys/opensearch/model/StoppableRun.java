package io.recsys.opensearch.model;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One ONNX Runtime run that another thread may stop: ONNX Runtime checks its run options' terminate flag between
 * operators and between a {@code Loop}'s iterations, and ends the run with an error once it is set. A run that is
 * stopped before it starts ends at once. Create one per run and close it after the run: the native options are freed
 * then, and a stop arriving later does nothing.
 */
public final class StoppableRun implements AutoCloseable {

    /** The native run options whose terminate flag stops the run; guarded by this object's monitor. */
    private final OrtSession.RunOptions options;
    /** Set by {@link #stop()}: tells a failed run that it was stopped rather than broken. */
    private volatile boolean stopped;
    /** Options freed: a later stop must not touch them. */
    private boolean closed;
    /** The timer's stop, cancelled by close; null when nothing is scheduled. */
    private ScheduledFuture<?> scheduledStop;

    private StoppableRun(OrtSession.RunOptions options) {
        this.options = options;
    }

    public static StoppableRun create() throws OrtException {
        return new StoppableRun(new OrtSession.RunOptions());
    }

    /** A run stopped by {@code timer} once {@code limitNanos} have passed from now, whatever thread runs it. */
    public static StoppableRun stoppedAfter(ScheduledExecutorService timer, long limitNanos) throws OrtException {
        StoppableRun run = create();
        ScheduledFuture<?> stop = timer.schedule(run::stop, limitNanos, TimeUnit.NANOSECONDS);
        synchronized (run) {
            run.scheduledStop = stop;
        }
        return run;
    }

    /** Stops the run, from any thread; quick (it sets a flag). */
    public synchronized void stop() {
        stopped = true;
        if (closed == false) {
            try {
                options.setTerminate(true);
            } catch (OrtException ignored) {
                // only fails on freed options, which the closed flag rules out
            }
        }
    }

    public boolean stopped() {
        return stopped;
    }

    OrtSession.RunOptions options() {
        return options;
    }

    @Override
    public synchronized void close() {
        if (closed == false) {
            closed = true;
            options.close();
            if (scheduledStop != null) {
                scheduledStop.cancel(false);
            }
        }
    }
}
