package io.recsys.opensearch.demo;

/** A failure the demo explains to the user in one message, without a stack trace. */
public final class DemoException extends RuntimeException {
    public DemoException(String message) {
        super(message);
    }

    public DemoException(String message, Throwable cause) {
        super(message, cause);
    }
}
