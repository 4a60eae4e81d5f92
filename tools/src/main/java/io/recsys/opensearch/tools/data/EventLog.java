package io.recsys.opensearch.tools.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded log: the interactions in time order and the catalog of the items they touch.
 *
 * @param interactions sorted by time; ties keep the input order (lines of one invoice stay in file order)
 * @param catalog      item id → item, every item of {@code interactions} included
 * @param source       what it was read from, for messages and reports
 */
public record EventLog(List<Interaction> interactions, Map<String, Item> catalog, String source) {

    public EventLog {
        List<Interaction> sorted = new ArrayList<>(interactions);
        sorted.sort(Comparator.comparingLong(Interaction::timestamp)); // stable: input order within a timestamp
        interactions = List.copyOf(sorted);
        catalog = Map.copyOf(catalog);
    }

    /** The same catalog with other interactions (a split's training part), kept in time order. */
    public EventLog withInteractions(List<Interaction> subset) {
        return new EventLog(subset, catalog, source);
    }

    public int users() {
        Set<String> users = new HashSet<>();
        interactions.forEach(i -> users.add(i.user()));
        return users.size();
    }

    /** Each user's interactions in time order. */
    public Map<String, List<Interaction>> byUser() {
        Map<String, List<Interaction>> byUser = new HashMap<>();
        for (Interaction interaction : interactions) {
            byUser.computeIfAbsent(interaction.user(), u -> new ArrayList<>()).add(interaction);
        }
        return byUser;
    }
}
