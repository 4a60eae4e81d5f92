package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.Candidate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores for a ranking that something other than the scores ordered (diversity, merchandising rules): the ranking's own
 * scores, highest first, given out by position, each strictly below the one before. The shards order the hits by
 * score, so {@code _score} then decreases down the hits and a tie cannot let two hits swap.
 */
final class PositionScores {

    private PositionScores() {}

    static List<Candidate> reassign(List<Candidate> ordered) {
        float[] scores = new float[ordered.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = ordered.get(i).score();
        }
        Arrays.sort(scores);
        List<Candidate> rescored = new ArrayList<>(ordered.size());
        float previous = Float.POSITIVE_INFINITY;
        for (int i = 0; i < ordered.size(); i++) {
            float score = Math.min(scores[scores.length - 1 - i], Math.nextDown(previous));
            rescored.add(ordered.get(i).withScore(score));
            previous = score;
        }
        return rescored;
    }
}
