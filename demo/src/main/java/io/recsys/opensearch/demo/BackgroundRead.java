package io.recsys.opensearch.demo;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Reading the log takes seconds of CPU: it can start in the background while the node starts, or not at all when the
 * node already holds everything. {@link #get()} runs it on the calling thread if nobody started it.
 */
final class BackgroundRead<T> {

    private final FutureTask<T> task;
    private final String name;

    /** @param name says what is read, in the error when it fails */
    BackgroundRead(Callable<T> read, String name) {
        this.task = new FutureTask<>(read);
        this.name = name;
    }

    void startInBackground() {
        Thread reader = new Thread(task, "demo-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The result: waits for the background read, or reads now when it was never started. */
    T get() {
        task.run(); // a no-op when the background thread runs it or ran it
        try {
            return Objects.requireNonNull(task.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted while reading " + name, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DemoException demo) {
                throw demo;
            }
            throw new DemoException("cannot read " + name + ": " + cause, cause);
        }
    }
}
