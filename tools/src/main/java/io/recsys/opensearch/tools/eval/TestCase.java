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
 * @param time            when the query is made in the replayed history (epoch millis, sent as {@code context.time}), or
 *                        null for the node's clock: the protocol's cut, the end of the log, the start of the held-out
 *                        session, or the moment a session's first half was sent
 */
public record TestCase(String user, Set<String> targets, Set<String> knownCategories, List<Interaction> reveal, String platform,
                       Map<String, String> identity, Long time) {

    public TestCase {
        targets = Set.copyOf(targets);
        knownCategories = Set.copyOf(knownCategories);
        reveal = List.copyOf(reveal);
        identity = identity == null ? Map.of("id", user) : Map.copyOf(identity);
    }

    /** A query by user id. */
    public TestCase(String user, Set<String> targets, Set<String> knownCategories, List<Interaction> reveal, String platform) {
        this(user, targets, knownCategories, reveal, platform, null, null);
    }

    /** The same case, queried at {@code epochMillis} of the replayed history. */
    public TestCase at(long epochMillis) {
        return new TestCase(user, targets, knownCategories, reveal, platform, identity, epochMillis);
    }

    /** The same case, queried as another identity from another platform. */
    public TestCase as(Map<String, String> otherIdentity, String otherPlatform) {
        return new TestCase(user, targets, knownCategories, reveal, otherPlatform, otherIdentity, time);
    }
}
