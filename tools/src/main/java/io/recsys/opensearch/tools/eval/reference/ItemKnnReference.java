package io.recsys.opensearch.tools.eval.reference;

import java.util.List;

/**
 * Item-kNN: an item's score is the sum of its cosine similarities ({@link ItemCosine}) to every item of the user's
 * history (the whole training history, and a session's revealed items); no neighbourhood cut-off.
 */
public final class ItemKnnReference implements ReferenceRecommender {

    private final TrainingData data;
    private final ItemCosine cosine;

    public ItemKnnReference(TrainingData data, ItemCosine cosine) {
        this.data = data;
        this.cosine = cosine;
    }

    @Override
    public String name() {
        return "ref item-kNN";
    }

    @Override
    public String description() {
        return "reference: sum over the user's whole history of the items' cosine similarities (co-occurrence counts over users)";
    }

    @Override
    public List<String> recommend(Query query, int size) {
        double[] scores = new double[data.items()];
        for (int item : query.history()) {
            cosine.addRow(item, 1, scores);
        }
        return TopItems.of(scores, query.excluded(), size, true, data);
    }
}
