package io.recsys.opensearch.tools.eval.reference;

import io.recsys.opensearch.tools.data.Interaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A split's training part as the reference recommenders read it: a binary user × item matrix (a user interacted with an
 * item or not; impressions are not interactions), event counts per item, and the training sessions. Items and users are
 * numbered in the order of their ids, so every tie broken by index is broken by id and the results never depend on
 * the input order.
 */
public final class TrainingData {

    /** A training session: its distinct items in order of first interaction, and its last event's time. */
    public record Session(int[] items, long end) {}

    private final String[] itemIds;
    private final String[] userIds;
    private final Map<String, Integer> itemIndex;
    private final Map<String, Integer> userIndex;
    /** Per user: distinct item indices, ascending. */
    private final int[][] userItems;
    /** Per item: the users who interacted with it, ascending. */
    private final int[][] itemUsers;
    /** Per item: training events (not impressions). */
    private final long[] itemEvents;
    private final List<Session> sessions;

    private TrainingData(String[] itemIds, String[] userIds, Map<String, Integer> itemIndex, Map<String, Integer> userIndex, int[][] userItems, int[][] itemUsers,
                         long[] itemEvents, List<Session> sessions) {
        this.itemIds = itemIds;
        this.userIds = userIds;
        this.itemIndex = itemIndex;
        this.userIndex = userIndex;
        this.userItems = userItems;
        this.itemUsers = itemUsers;
        this.itemEvents = itemEvents;
        this.sessions = sessions;
    }

    /**
     * @param train the training events; a session is a user's session id, or the user's UTC day when the event has none
     *              (the rule of the pseudo-platform split)
     */
    public static TrainingData of(List<Interaction> train) {
        TreeSet<String> items = new TreeSet<>();
        TreeMap<String, Set<String>> byUser = new TreeMap<>();
        Map<String, List<Interaction>> bySession = new LinkedHashMap<>();
        for (Interaction interaction : train) {
            if (isInteraction(interaction)) {
                items.add(interaction.item());
                byUser.computeIfAbsent(interaction.user(), u -> new TreeSet<>()).add(interaction.item());
                String session = interaction.session() != null ? interaction.session() : "day-" + Math.floorDiv(interaction.timestamp(), 86_400_000L);
                bySession.computeIfAbsent(interaction.user() + '\u0000' + session, s -> new ArrayList<>()).add(interaction);
            }
        }
        String[] itemIds = items.toArray(String[]::new);
        Map<String, Integer> itemIndex = new HashMap<>();
        for (int i = 0; i < itemIds.length; i++) {
            itemIndex.put(itemIds[i], i);
        }
        Map<String, Integer> userIndex = new HashMap<>();
        int[][] userItems = new int[byUser.size()][];
        int[] itemUserCounts = new int[itemIds.length];
        int u = 0;
        for (Map.Entry<String, Set<String>> user : byUser.entrySet()) {
            userIndex.put(user.getKey(), u);
            userItems[u] = user.getValue().stream().mapToInt(itemIndex::get).toArray(); // TreeSet of ids: ascending indices
            for (int item : userItems[u]) {
                itemUserCounts[item]++;
            }
            u++;
        }
        int[][] itemUsers = new int[itemIds.length][];
        for (int i = 0; i < itemIds.length; i++) {
            itemUsers[i] = new int[itemUserCounts[i]];
        }
        int[] filled = new int[itemIds.length];
        for (u = 0; u < userItems.length; u++) {
            for (int item : userItems[u]) {
                itemUsers[item][filled[item]++] = u;
            }
        }
        long[] itemEvents = new long[itemIds.length];
        for (Interaction interaction : train) {
            if (isInteraction(interaction)) {
                itemEvents[itemIndex.get(interaction.item())]++;
            }
        }
        List<Session> sessions = new ArrayList<>();
        for (List<Interaction> events : bySession.values()) {
            Set<Integer> distinct = new LinkedHashSet<>();
            long end = Long.MIN_VALUE;
            for (Interaction interaction : events) {
                distinct.add(itemIndex.get(interaction.item()));
                end = Math.max(end, interaction.timestamp());
            }
            sessions.add(new Session(distinct.stream().mapToInt(Integer::intValue).toArray(), end));
        }
        return new TrainingData(itemIds, byUser.keySet().toArray(String[]::new), itemIndex, userIndex, userItems, itemUsers, itemEvents, List.copyOf(sessions));
    }

    /** Impressions are shown, not chosen: they are not interactions. */
    static boolean isInteraction(Interaction interaction) {
        return "impression".equals(interaction.type()) == false;
    }

    public int items() {
        return itemIds.length;
    }

    public int users() {
        return userItems.length;
    }

    public String itemId(int item) {
        return itemIds[item];
    }

    public String userId(int user) {
        return userIds[user];
    }

    /** The item's index, or -1 when no training event touched it. */
    public int item(String id) {
        Integer index = itemIndex.get(id);
        return index == null ? -1 : index;
    }

    /** The user's index, or -1 when the user has no training event. */
    public int user(String id) {
        Integer index = userIndex.get(id);
        return index == null ? -1 : index;
    }

    /** The user's distinct items, ascending; do not modify. */
    public int[] userItems(int user) {
        return userItems[user];
    }

    /** The item's users, ascending; do not modify. */
    public int[] itemUsers(int item) {
        return itemUsers[item];
    }

    public long itemEvents(int item) {
        return itemEvents[item];
    }

    public List<Session> sessions() {
        return sessions;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%,d users × %,d items, %,d sessions", users(), items(), sessions.size());
    }

    /** Distinct values in first-seen order (a helper for queries). */
    static int[] distinct(int[] values) {
        return Arrays.stream(values).distinct().toArray();
    }
}
