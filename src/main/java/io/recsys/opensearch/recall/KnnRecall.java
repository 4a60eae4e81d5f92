package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.catalogread.CatalogFields;
import io.recsys.opensearch.catalogread.CatalogRead;
import io.recsys.opensearch.catalogread.ReadItem;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * k-NN on the catalog's vectors with the user's long-term vector (k) and, for a shopper in a session now
 * ({@link RecallContext#inSession}), the session vector (k/2): then two catalog reads in one request
 * ({@link CatalogItems#read}, the k-NN plugin's query on the shards, both searches at once).
 * The request's filter goes inside the k-NN query (efficient filtering), the exclusions and out-of-stock items are
 * dropped from the hits on the shards ({@link CatalogRead#hiding}), so k matching items come back whenever k exist.
 * The session read's items come first, in its order, then the long-term read's: what is on screen now leads, as it leads
 * the co-occurrence anchors. A returning shopper's last session is not read apart: it is in the long-term vector, as the
 * whole history is the co-occurrence source's anchors, and a second search would cost as much as the first.
 */
public final class KnnRecall implements RecallSource {

    public KnnRecall() {}

    @Override
    public Source source() {
        return Source.KNN;
    }

    @Override
    public void recall(Client client, RecallContext context, ActionListener<SourceResult> listener) {
        int k = context.spec().budgets().knnK();
        float[] longTerm = context.profile() == null ? null : context.profile().longTerm().mean();
        if (k == 0 || longTerm == null) {
            listener.onResponse(SourceResult.empty(Source.KNN, k == 0 ? null : "knn: the user has no vector yet"));
            return;
        }
        float[] session = context.profile().session().mean();
        List<CatalogRead> reads = new ArrayList<>();
        CatalogFields fields = CatalogItems.fields(context, context.diversityField());
        if (session != null && k > 1 && context.inSession()) {
            reads.add(CatalogRead.nearest(fields, session, Math.max(1, k / 2), context.catalogFilter()).hiding(context.hiddenItems()));
        }
        reads.add(CatalogRead.nearest(fields, longTerm, k, context.catalogFilter()).hiding(context.hiddenItems()));
        // one request: on each shard both searches at once over one searcher, the items both find read once
        CatalogItems.read(client, context, reads, ActionListener.wrap(items -> listener.onResponse(merge(context, k, items)), listener::onFailure));
    }

    /**
     * The reads' items in the reads' order (the session read's first, when there is one), each at its first place with
     * its better score, the top k. Their details are kept for the candidates' lookup.
     */
    private static SourceResult merge(RecallContext context, int k, List<List<ReadItem>> reads) {
        Map<String, Float> scores = new LinkedHashMap<>();
        for (List<ReadItem> items : reads) {
            for (ReadItem item : items) {
                // the item passed the catalog filter inside the k-NN query: the candidates' lookup need not read it again
                context.recalled().putIfAbsent(item.id(), CatalogItems.details(item));
                scores.merge(item.id(), item.score(), Math::max);
            }
        }
        List<String> top = scores.keySet().stream().limit(k).toList();
        return new SourceResult(Source.KNN, top, top.stream().map(scores::get).toList(), null);
    }
}
