package io.recsys.opensearch.recall;

import org.opensearch.action.get.MultiGetItemResponse;
import org.opensearch.action.get.MultiGetRequest;
import org.opensearch.common.cache.Cache;
import org.opensearch.common.cache.CacheBuilder;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.unit.ByteSizeValue;
import org.opensearch.search.fetch.subphase.FetchSourceContext;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The indicator lists of anchor items, read from the backing index of an indicators build and remembered on this
 * node. A build never changes its documents (the next build writes a new index and moves the alias), so a list read
 * once stays right for as long as its index is the one read; entries are keyed by that index's UUID and age out, least
 * recently used first, within {@code recsys.recommend.indicators_cache_size}. The multi-get of a request's anchors (the
 * documents' stored fields, their parsing) was most of the co-occurrence source's cost; popular anchors now cost a
 * hash lookup.
 */
public final class IndicatorLists {

    /**
     * An anchor's indicators with their scores, as the build stored them; {@link #NONE} when it stored none.
     *
     * @param docCount the baskets holding the anchor, 0 when the build did not say
     * @param baskets  the baskets the build counted, 0 when it did not say (a build of an earlier version)
     */
    public record Lists(String[] items, double[] scores, long docCount, long baskets) {
        static final Lists NONE = new Lists(new String[0], new double[0], 0, 0);

        boolean exists() {
            return this != NONE;
        }
    }

    private record Key(String indexUuid, String anchor) {}

    private final Cache<Key, Lists> cache;

    public IndicatorLists(ByteSizeValue maxSize) {
        this.cache = CacheBuilder.<Key, Lists>builder()
            .setMaximumWeight(maxSize.getBytes())
            // per entry: the key and the arrays, and per indicator a short string (~48 bytes) and its score
            .weigher((key, lists) -> 128L + key.anchor().length() * 2L + lists.items().length * 56L)
            .build();
    }

    /**
     * The indicators of each anchor that the build's index answered for ({@link Lists#NONE} when it holds no
     * document for the anchor); an anchor whose read failed is left out.
     */
    void read(Client client, Indicators.Fresh build, List<String> anchors, ActionListener<Map<String, Lists>> listener) {
        Map<String, Lists> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String anchor : anchors) {
            Lists cached = cache.getMaximumWeight() == 0 ? null : cache.get(new Key(build.indexUuid(), anchor));
            if (cached != null) {
                found.put(anchor, cached);
            } else {
                missing.add(anchor);
            }
        }
        if (missing.isEmpty()) {
            listener.onResponse(found);
            return;
        }
        MultiGetRequest request = new MultiGetRequest().realtime(false);
        FetchSourceContext details = new FetchSourceContext(true, new String[] { "details", "doc_count", "baskets" }, null);
        for (String anchor : missing) {
            request.add(new MultiGetRequest.Item(build.index(), anchor).fetchSourceContext(details));
        }
        client.multiGet(request, ActionListener.wrap(response -> {
            for (MultiGetItemResponse item : response.getResponses()) {
                if (item.isFailed()) {
                    continue;
                }
                Lists lists = item.getResponse().isExists() ? parse(item.getResponse().getSourceAsMap()) : Lists.NONE;
                found.put(item.getId(), lists);
                if (cache.getMaximumWeight() > 0) {
                    cache.put(new Key(build.indexUuid(), item.getId()), lists);
                }
            }
            listener.onResponse(found);
        }, listener::onFailure));
    }

    /** An indicators document: its {@code details} ([{item, score}, ...]), {@code doc_count} and {@code baskets}. */
    private static Lists parse(Map<String, Object> source) {
        Object details = source.get("details");
        List<String> items = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        if (details instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Map<?, ?> detail && detail.get("item") instanceof String item && detail.get("score") instanceof Number score) {
                    items.add(item);
                    scores.add(score.doubleValue());
                }
            }
        }
        double[] values = new double[scores.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = scores.get(i);
        }
        return new Lists(items.toArray(new String[0]), values, count(source.get("doc_count")), count(source.get("baskets")));
    }

    private static long count(Object value) {
        return value instanceof Number number ? number.longValue() : 0;
    }
}
