package io.recsys.opensearch.cooccurrence;

import org.opensearch.common.lucene.search.function.CombineFunction;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.index.query.functionscore.ScoreFunctionBuilders;

/**
 * The query that makes a sampled {@code cooccurrence} ({@code sample_size}) count an anchor's most recent baskets: the
 * documents scored by how recently they were written, where the sample keeps the best-scored. Without it the sample is
 * the first documents a shard holds, which for profiles rewritten at each event are the least recently active shoppers.
 * What the {@code recommend} query's online lists and the indicators build with {@code most_recent_by} both ask.
 */
public final class MostRecentFirst {

    /** The decay's half-life: one year, as the neighbours source's. Only the order it gives counts, and any gives the same. */
    static final String SCALE = "365d";

    private MostRecentFirst() {}

    /** {@code documents} (null: all) scored by {@code timeField}, a date, decaying from {@code now} (epoch milliseconds). */
    public static QueryBuilder query(QueryBuilder documents, String timeField, long now) {
        return QueryBuilders.functionScoreQuery(documents == null ? QueryBuilders.matchAllQuery() : documents,
                ScoreFunctionBuilders.exponentialDecayFunction(timeField, Long.toString(now), SCALE, "0", 0.5))
            .boostMode(CombineFunction.REPLACE);
    }
}
