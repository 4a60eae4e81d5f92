package io.recsys.opensearch.rest;

import io.recsys.opensearch.events.Identity;
import io.recsys.opensearch.events.ProfileIds;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.rest.RestRequest;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/** Reading the small JSON bodies of the identity endpoints, with errors that name the field. */
final class IdentityBodies {

    private IdentityBodies() {}

    /** The body as a map holding only {@code fields}; {@code usage} says what a valid body looks like. */
    static Map<String, Object> object(RestRequest request, Set<String> fields, String usage) {
        if (request.hasContent() == false) {
            throw new IllegalArgumentException("[body] request body is required: " + usage);
        }
        Map<String, Object> body;
        try (XContentParser parser = request.contentParser()) {
            body = parser.map();
        } catch (IOException | RuntimeException e) {
            // malformed, truncated or too deeply nested JSON: the client's mistake, not the node's
            throw new IllegalArgumentException("[body] the request body is not a valid JSON object: " + e.getMessage(), e);
        }
        for (String field : body.keySet()) {
            if (fields.contains(field) == false) {
                throw new IllegalArgumentException("[" + field + "] unknown field; known fields: " + fields);
            }
        }
        return body;
    }

    /** A required user id: a string, not an anonymous profile id. */
    static String userId(Map<String, Object> body, String field) {
        if (body.get(field) instanceof String == false) {
            throw new IllegalArgumentException("[" + field + "] is required, a string");
        }
        return ProfileIds.validateUserId((String) body.get(field), field);
    }

    /** An identity object {@code {"platform", "id"}} found at {@code field}. */
    static Identity identity(Object value, String field) {
        if (value instanceof Map<?, ?> identity && identity.keySet().equals(Set.of("platform", "id"))) {
            if (identity.get("platform") instanceof String == false || identity.get("id") instanceof String == false) {
                throw new IllegalArgumentException("[" + field + "] [platform] and [id] must be strings, got " + identity);
            }
            try {
                return new Identity((String) identity.get("platform"), (String) identity.get("id"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("[" + field + "] " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("[" + field + "] must be an object with exactly [platform] and [id]");
    }
}
