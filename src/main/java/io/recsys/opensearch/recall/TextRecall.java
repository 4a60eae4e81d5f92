package io.recsys.opensearch.recall;

import org.opensearch.action.search.SearchRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.List;

/** The search-box query on the catalog, with the request's filter and exclusions: its top {@code window} matches. */
public final class TextRecall {

    private TextRecall() {}

    public static void recall(Client client, RecallContext context, ActionListener<SourceResult> listener) {
        int window = context.spec().budgets().textWindow();
        if (context.spec().query() == null || window == 0) {
            listener.onResponse(SourceResult.empty(Source.TEXT, null));
            return;
        }
        String idField = context.config().catalog().idField();
        BoolQueryBuilder query = QueryBuilders.boolQuery().must(context.spec().query());
        if (context.spec().filter() != null) {
            query.filter(context.spec().filter());
        }
        if (context.excluded().isEmpty() == false) {
            query.mustNot(ItemIds.query(idField, context.excluded()));
        }
        SearchSourceBuilder source = new SearchSourceBuilder().query(query).size(window).trackTotalHits(false);
        String diversityField = context.diversityField();
        client.search(new SearchRequest(context.config().catalog().index()).source(CatalogItems.withDetails(source, context, diversityField)),
            ActionListener.wrap(response -> {
                List<String> ids = new ArrayList<>();
                List<Float> scores = new ArrayList<>();
                for (SearchHit hit : response.getHits().getHits()) {
                    String id = ItemIds.of(hit, idField);
                    if (id != null) {
                        // the hit passed the request's filter, query and exclusions: the candidates' lookup need not fetch it again
                        context.recalled().putIfAbsent(id, CatalogItems.details(id, hit, context, diversityField));
                        ids.add(id);
                        scores.add(hit.getScore());
                    }
                }
                listener.onResponse(new SourceResult(Source.TEXT, ids, scores, null));
            }, listener::onFailure));
    }
}
