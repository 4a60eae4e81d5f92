package io.recsys.opensearch.tools.eval.reference;

import java.util.List;

/** Item-kNN on the last item of the current session: the items most similar (cosine, {@link ItemCosine}) to it. */
public final class LastItemKnnReference implements ReferenceRecommender {

    private final TrainingData data;
    private final ItemCosine cosine;

    public LastItemKnnReference(TrainingData data, ItemCosine cosine) {
        this.data = data;
        this.cosine = cosine;
    }

    @Override
    public String name() {
        return "ref item-kNN last item";
    }

    @Override
    public String description() {
        return "reference: the items most similar (cosine) to the last item of the current session";
    }

    @Override
    public List<String> recommend(Query query, int size) {
        if (query.session().length == 0) {
            return List.of();
        }
        double[] scores = new double[data.items()];
        cosine.addRow(query.session()[query.session().length - 1], 1, scores);
        return TopItems.of(scores, query.excluded(), size, true, data);
    }
}
