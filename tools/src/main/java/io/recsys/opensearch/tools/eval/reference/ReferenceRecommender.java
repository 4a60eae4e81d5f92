package io.recsys.opensearch.tools.eval.reference;

import io.recsys.opensearch.tools.eval.Contender;

import java.util.List;

/**
 * A textbook recommender computed by the tool itself, client-side, on a split's training part: the yardstick the
 * plugin's variants are read against. Implementations are thread-safe once built.
 */
public interface ReferenceRecommender extends Contender {

    /** Item ids, best first, at most {@code size}; never an excluded item. */
    List<String> recommend(Query query, int size);
}
