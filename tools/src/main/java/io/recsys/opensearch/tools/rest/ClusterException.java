package io.recsys.opensearch.tools.rest;

/**
 * A failure the user has to act on (the cluster is unreachable, refused a request, holds no such index): its message
 * is printed as is, without a stack trace, and the tool exits with status 1.
 */
public final class ClusterException extends RuntimeException {

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
