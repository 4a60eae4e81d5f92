package io.recsys.opensearch.tools.eval.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;

/** The best-scored items of a dense score array: highest score first, ties by item index (that is, by id). */
final class TopItems {

    private TopItems() {}

    /**
     * @param positiveOnly true: an item needs a score above 0 (it was reached at all); false: any score ranks (EASE's
     *                     regression weights may be negative)
     */
    static List<String> of(double[] scores, boolean[] excluded, int size, boolean positiveOnly, TrainingData data) {
        // a min-heap of the best `size` so far: its head is the worst kept (lowest score, then highest index)
        PriorityQueue<Integer> best = new PriorityQueue<>(size + 1, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[a], scores[b]) : Integer.compare(b, a));
        for (int item = 0; item < scores.length; item++) {
            if (excluded[item] || (positiveOnly && scores[item] <= 0)) {
                continue;
            }
            if (best.size() < size) {
                best.add(item);
            } else {
                int worst = best.peek();
                if (scores[item] > scores[worst]) { // equal scores: the lower index, already kept, wins
                    best.poll();
                    best.add(item);
                }
            }
        }
        List<String> ids = new ArrayList<>(best.size());
        while (best.isEmpty() == false) {
            ids.add(data.itemId(best.poll()));
        }
        Collections.reverse(ids);
        return ids;
    }
}
