package io.recsys.opensearch.integ;

/**
 * One generated hostile request and what a correct plugin answers.
 *
 * @param name        what was altered, for the report (e.g. {@code events item=huge(1048576)})
 * @param method      HTTP method
 * @param path        path, already URL-encoded
 * @param body        request body (null: none)
 * @param contentType body type
 * @param expect      the answer that counts as correct
 */
record HostileCase(String name, String method, String path, String body, String contentType, Expect expect) {

    /** What a case must answer. {@code needle} is a case-insensitive regex some error reason must contain: the field. */
    sealed interface Expect permits Refused, EventRefused, EventAccepted, Accepted {}

    /** The whole request is a 4xx whose reason names the field. */
    record Refused(String needle) implements Expect {}

    /** An events batch [hostile, control] of one user: the hostile event alone gets a 4xx naming the field, the control event 201. */
    record EventRefused(String needle) implements Expect {}

    /** An events batch [hostile, control]: both applied (a documented 2xx: the value is plain data). */
    record EventAccepted() implements Expect {}

    /** A documented 2xx. */
    record Accepted() implements Expect {}

    String summary() {
        String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…(" + body.length() + " chars)" : body;
        return (name + ": " + method + " " + (path.length() > 200 ? path.substring(0, 200) + "…" : path) + " " + shown).replace("\n", "⏎");
    }
}
