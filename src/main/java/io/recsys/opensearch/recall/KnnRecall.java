package io.recsys.opensearch.recall;

import org.opensearch.action.search.MultiSearchRequest;
import org.opensearch.action.search.MultiSearchResponse;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.knn.index.query.KNNQueryBuilder;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * k-NN on the catalog's vectors with the user's long-term vector (k) and, when the user has a current session, the
 * session vector (k/2), in one multi-search. The request's filter and exclusions go inside the k-NN query (efficient
 * filtering), so k matching items come back whenever k exist. Ranks interleave: an item's rank is its best rank.
 */
public final class KnnRecall {

    private KnnRecall() {}

    public static void recall(Client client, RecallContext context, ActionListener<SourceResult> listener) {
        int k = context.spec().budgets().knnK();
        float[] longTerm = context.profile() == null ? null : context.profile().longTerm().mean();
        if (k == 0 || longTerm == null) {
            listener.onResponse(SourceResult.empty(Source.KNN, k == 0 ? null : "knn: the user has no vector yet"));
            return;
        }
        float[] session = context.profile().session().mean();
        MultiSearchRequest requests = new MultiSearchRequest();
        requests.add(search(context, longTerm, k));
        if (session != null && k > 1) {
            requests.add(search(context, session, Math.max(1, k / 2)));
        }
        client.multiSearch(requests, ActionListener.wrap(responses -> {
            Map<String, Integer> bestRank = new LinkedHashMap<>();
            Map<String, Float> score = new LinkedHashMap<>();
            for (MultiSearchResponse.Item item : responses.getResponses()) {
                if (item.isFailure()) {
                    listener.onFailure(item.getFailure());
                    return;
                }
                SearchHit[] hits = item.getResponse().getHits().getHits();
                for (int rank = 0; rank < hits.length; rank++) {
                    String id = ItemIds.of(hits[rank], context.config().catalog().idField());
                    if (id != null) {
                        // the hit passed the catalog filter inside the k-NN search: the candidates' lookup need not fetch it again
                        context.recalled().putIfAbsent(id, CatalogItems.details(id, hits[rank], context, context.diversityField()));
                    }
                    if (id != null && (bestRank.containsKey(id) == false || bestRank.get(id) > rank)) {
                        bestRank.put(id, rank);
                        score.merge(id, hits[rank].getScore(), Math::max);
                    }
                }
            }
            List<String> ids = new ArrayList<>(bestRank.keySet());
            ids.sort((a, b) -> bestRank.get(a) != bestRank.get(b).intValue() ? Integer.compare(bestRank.get(a), bestRank.get(b)) : Float.compare(score.get(b), score.get(a)));
            List<String> top = ids.subList(0, Math.min(k, ids.size()));
            listener.onResponse(new SourceResult(Source.KNN, List.copyOf(top), top.stream().map(score::get).toList(), null));
        }, listener::onFailure));
    }

    private static SearchRequest search(RecallContext context, float[] vector, int k) {
        KNNQueryBuilder knn = new KNNQueryBuilder(context.config().catalog().vectorField(), vector, k, context.catalogFilter());
        SearchSourceBuilder source = new SearchSourceBuilder().query(knn).size(k).trackTotalHits(false);
        return new SearchRequest(context.config().catalog().index()).source(CatalogItems.withDetails(source, context, context.diversityField()));
    }
}
