package io.recsys.opensearch.demo;

/** A failure the demo explains to the user in one message, without a stack trace. */
public final class DemoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DemoException(String message) {
        super(message);
    }

    public DemoException(String message, Throwable cause) {
        super(message, cause);
    }
}
