package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.Candidate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * At most N candidates per value of a field in a row of the ranking: a candidate over the limit waits, and lower-ranked
 * candidates of other values move up in its place (the waiting ones follow, in their order). Scores are then
 * reassigned by position ({@link PositionScores}), so that {@code _score} still decreases down the
 * diversified ranking.
 */
public final class Diversifier {

    private Diversifier() {}

    public static List<Candidate> apply(List<Candidate> ranked, Function<Candidate, String> valueOf, int maxPerValue) {
        List<Candidate> chosen = new ArrayList<>(ranked.size());
        List<Candidate> waiting = new ArrayList<>();
        Map<String, Integer> used = new HashMap<>();
        for (Candidate candidate : ranked) {
            String value = valueOf.apply(candidate);
            if (value == null || used.getOrDefault(value, 0) < maxPerValue) {
                chosen.add(candidate);
                if (value != null) {
                    used.merge(value, 1, Integer::sum);
                }
            } else {
                waiting.add(candidate);
            }
        }
        chosen.addAll(waiting);
        return PositionScores.reassign(chosen);
    }
}
