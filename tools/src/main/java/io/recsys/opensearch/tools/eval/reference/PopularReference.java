package io.recsys.opensearch.tools.eval.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Popularity: every user gets the items with the most training events, minus the excluded ones. */
public final class PopularReference implements ReferenceRecommender {

    private final TrainingData data;
    /** Item indices by training events, descending; ties by index. */
    private final int[] order;

    public PopularReference(TrainingData data) {
        this.data = data;
        this.order = IntStream.range(0, data.items()).boxed()
            .sorted((a, b) -> data.itemEvents(a) != data.itemEvents(b) ? Long.compare(data.itemEvents(b), data.itemEvents(a)) : Integer.compare(a, b))
            .mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String name() {
        return "ref popular";
    }

    @Override
    public String description() {
        return "reference: the items with the most training events (counted client-side), the same for every user";
    }

    @Override
    public List<String> recommend(Query query, int size) {
        List<String> ids = new ArrayList<>(size);
        for (int i = 0; i < order.length && ids.size() < size; i++) {
            if (query.excluded()[order[i]] == false) {
                ids.add(data.itemId(order[i]));
            }
        }
        return ids;
    }
}
