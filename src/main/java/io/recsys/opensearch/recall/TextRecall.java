package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.catalogread.CatalogRead;
import io.recsys.opensearch.catalogread.ReadItem;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.List;

/**
 * The search-box query on the catalog, with the request's filter and exclusions: its top {@code window} matches, by
 * the query's score on each shard, in one catalog read ({@link CatalogItems#read}).
 */
public final class TextRecall implements RecallSource {

    public TextRecall() {}

    @Override
    public Source source() {
        return Source.TEXT;
    }

    @Override
    public void recall(Client client, RecallContext context, ActionListener<SourceResult> listener) {
        int window = context.spec().budgets().textWindow();
        if (Source.TEXT.askedFor(context.spec()) == false) {
            listener.onResponse(SourceResult.empty(Source.TEXT, null));
            return;
        }
        CatalogRead matches = CatalogRead.bestMatches(CatalogItems.fields(context, context.diversityField()), context.spec().query(), window,
            context.spec().filter()).hiding(context.hiddenItems());
        CatalogItems.read(client, context, matches, ActionListener.wrap(items -> {
            List<String> ids = new ArrayList<>(items.size());
            List<Float> scores = new ArrayList<>(items.size());
            for (ReadItem item : items) {
                // the item passed the request's filter and query, and is not hidden: the candidates' lookup need not read it again
                context.recalled().putIfAbsent(item.id(), CatalogItems.details(item));
                ids.add(item.id());
                scores.add(item.score());
            }
            listener.onResponse(new SourceResult(Source.TEXT, ids, scores, null));
        }, listener::onFailure));
    }
}
