package io.recsys.opensearch.tools.eval;

import io.recsys.opensearch.tools.data.Interaction;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One query of the replay and what should come back.
 *
 * @param user            the user the query is for (its user id)
 * @param targets         the items the user went on to interact with: the relevant items
 * @param knownCategories categories the user had interacted with before (for the new-category share)
 * @param reveal          events sent to the cluster just before the query (a session's beginning); empty for most protocols
 * @param platform        the platform the query comes from (the request context), or null
 * @param identity        who the query names: {@code {"id": user}}, or a platform identity {@code {"platform", "id"}}
 */
public record TestCase(String user, Set<String> targets, Set<String> knownCategories, List<Interaction> reveal, String platform,
                       Map<String, String> identity) {

    public TestCase {
        targets = Set.copyOf(targets);
        knownCategories = Set.copyOf(knownCategories);
        reveal = List.copyOf(reveal);
        identity = identity == null ? Map.of("id", user) : Map.copyOf(identity);
    }

    /** A query by user id. */
    public TestCase(String user, Set<String> targets, Set<String> knownCategories, List<Interaction> reveal, String platform) {
        this(user, targets, knownCategories, reveal, platform, null);
    }

    /** The same case, queried as another identity from another platform. */
    public TestCase as(Map<String, String> otherIdentity, String otherPlatform) {
        return new TestCase(user, targets, knownCategories, reveal, otherPlatform, otherIdentity);
    }
}
