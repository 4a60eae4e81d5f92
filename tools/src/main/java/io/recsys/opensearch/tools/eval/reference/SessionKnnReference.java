package io.recsys.opensearch.tools.eval.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * V-SKNN (Ludewig and Jannach 2018), session-based kNN with the current session as a position-weighted vector: item p
 * of the L items of the current session weighs p / L (the last item 1, the first 1 / L). The candidates are the
 * {@code sample} most recent training sessions (by their last event) that share an item with the current session; the
 * similarity of one is the sum of the weights of the items it shares; the {@code neighbours} most similar (ties: the
 * more recent) vote for their items with their similarity.
 */
public final class SessionKnnReference implements ReferenceRecommender {

    public static final int DEFAULT_NEIGHBOURS = 100, DEFAULT_SAMPLE = 1_000;

    private final TrainingData data;
    private final int neighbours;
    private final int sample;
    /** Training sessions by recency: 0 = the most recent. */
    private final List<TrainingData.Session> byRecency;
    /** Per item: the recency ranks of the sessions holding it, ascending (most recent first). */
    private final int[][] itemSessions;

    public SessionKnnReference(TrainingData data, int neighbours, int sample) {
        this.data = data;
        this.neighbours = neighbours;
        this.sample = sample;
        List<TrainingData.Session> sessions = data.sessions();
        Integer[] order = IntStream.range(0, sessions.size()).boxed().toArray(Integer[]::new);
        // most recent first; equal ends: the one that started later in the log first
        Arrays.sort(order, Comparator.<Integer>comparingLong(s -> sessions.get(s).end()).reversed().thenComparing(Comparator.<Integer>reverseOrder()));
        byRecency = Arrays.stream(order).map(sessions::get).toList();
        int[] counts = new int[data.items()];
        byRecency.forEach(s -> Arrays.stream(s.items()).forEach(i -> counts[i]++));
        itemSessions = new int[data.items()][];
        for (int i = 0; i < counts.length; i++) {
            itemSessions[i] = new int[counts[i]];
        }
        int[] filled = new int[data.items()];
        for (int rank = 0; rank < byRecency.size(); rank++) {
            for (int item : byRecency.get(rank).items()) {
                itemSessions[item][filled[item]++] = rank;
            }
        }
    }

    @Override
    public String name() {
        return "ref session-kNN";
    }

    @Override
    public String description() {
        return "reference: V-SKNN, the current session's items weighted by position (linear), the " + neighbours + " most similar of the " + sample
            + " most recent training sessions sharing an item vote";
    }

    @Override
    public List<String> recommend(Query query, int size) {
        int[] session = query.session();
        if (session.length == 0) {
            return List.of();
        }
        double[] weight = new double[data.items()];
        for (int p = 0; p < session.length; p++) {
            weight[session[p]] = (double) (p + 1) / session.length;
        }
        // the most recent sessions sharing an item: a union of the items' recency-sorted lists, cut at `sample`
        int[] candidates = Arrays.stream(session).flatMap(i -> Arrays.stream(itemSessions[i])).distinct().sorted().limit(sample).toArray();
        double[] similarity = new double[candidates.length];
        for (int c = 0; c < candidates.length; c++) {
            for (int item : byRecency.get(candidates[c]).items()) {
                similarity[c] += weight[item];
            }
        }
        List<Integer> nearest = new ArrayList<>(IntStream.range(0, candidates.length).boxed().toList());
        nearest.sort((a, b) -> similarity[a] != similarity[b] ? Double.compare(similarity[b], similarity[a]) : Integer.compare(a, b)); // candidates are by recency
        double[] scores = new double[data.items()];
        for (int c : nearest.subList(0, Math.min(neighbours, nearest.size()))) {
            for (int item : byRecency.get(candidates[c]).items()) {
                scores[item] += similarity[c];
            }
        }
        return TopItems.of(scores, query.excluded(), size, true, data);
    }
}
