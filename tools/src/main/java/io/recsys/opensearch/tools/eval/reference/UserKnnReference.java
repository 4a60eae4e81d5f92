package io.recsys.opensearch.tools.eval.reference;

import java.util.List;
import java.util.PriorityQueue;

/**
 * User-kNN: cosine between the query's item set and each training user's ({@code |A ∩ B| / sqrt(|A| · |B|)}); the
 * {@code neighbours} most similar users (never the user itself; ties by user index) vote for their items with their
 * similarity.
 */
public final class UserKnnReference implements ReferenceRecommender {

    public static final int DEFAULT_NEIGHBOURS = 50;

    private final TrainingData data;
    private final int neighbours;

    public UserKnnReference(TrainingData data, int neighbours) {
        this.data = data;
        this.neighbours = neighbours;
    }

    @Override
    public String name() {
        return "ref user-kNN";
    }

    @Override
    public String description() {
        return "reference: the " + neighbours + " users most similar to the user (cosine of item sets) vote for their items with their similarity";
    }

    @Override
    public List<String> recommend(Query query, int size) {
        int[] history = query.history();
        if (history.length == 0) {
            return List.of();
        }
        int[] overlap = new int[data.users()];
        for (int item : history) {
            for (int user : data.itemUsers(item)) {
                overlap[user]++;
            }
        }
        double[] similarity = new double[data.users()];
        // min-heap of the best neighbours so far: head = the least similar kept (then the highest index)
        PriorityQueue<Integer> best = new PriorityQueue<>(neighbours + 1,
            (a, b) -> similarity[a] != similarity[b] ? Double.compare(similarity[a], similarity[b]) : Integer.compare(b, a));
        for (int user = 0; user < overlap.length; user++) {
            if (overlap[user] == 0 || user == query.user()) {
                continue;
            }
            similarity[user] = overlap[user] / Math.sqrt((double) history.length * data.userItems(user).length);
            if (best.size() < neighbours) {
                best.add(user);
            } else if (similarity[user] > similarity[best.peek()]) {
                best.poll();
                best.add(user);
            }
        }
        double[] scores = new double[data.items()];
        for (int user : best) {
            for (int item : data.userItems(user)) {
                scores[item] += similarity[user];
            }
        }
        return TopItems.of(scores, query.excluded(), size, true, data);
    }
}
