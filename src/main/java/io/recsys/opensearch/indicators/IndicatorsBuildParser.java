package io.recsys.opensearch.indicators;

import io.recsys.opensearch.cooccurrence.CooccurrenceAggregationBuilder;
import io.recsys.opensearch.cooccurrence.PairScore;
import org.opensearch.core.ParseField;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.QueryBuilder;

import java.io.IOException;
import java.util.Locale;

/**
 * Parses and checks the body of {@code POST /_plugins/_recsys/indicators/_build}:
 * <pre>
 * {"source": {"index": "orders", "field": "items", "query": {...}}, "dest": {"index": "orders-indicators"},
 *  "size": 20, "min_doc_count": 3, "score": "llr", "sample_size": 200, "most_recent_by": "updated_at", "max_items": 0,
 *  "parallelism": 2}
 * </pre>
 * {@code "score": "cosine"} (with an optional {@code "shrink"}, default 10) scores the pairs by the shrunk cosine instead
 * of LLR ({@link PairScore}):
 * <pre>
 * {"source": {...}, "dest": {...}, "score": "cosine", "shrink": 10}
 * </pre>
 * Unknown keys fail with their object's name ({@code [source] unknown field [x]}); every value error names the field by
 * its dotted path.
 */
public final class IndicatorsBuildParser {

    private static final ObjectParser<Source, Void> SOURCE = new ObjectParser<>("source", Source::new);
    private static final ObjectParser<Dest, Void> DEST = new ObjectParser<>("dest", Dest::new);
    private static final ObjectParser<Raw, Void> PARSER = new ObjectParser<>("indicators", Raw::new);

    static {
        SOURCE.declareString((s, v) -> s.index = v, new ParseField("index"));
        SOURCE.declareString((s, v) -> s.field = v, new ParseField("field"));
        SOURCE.declareObject((s, v) -> s.query = v, (p, c) -> AbstractQueryBuilder.parseInnerQueryBuilder(p), new ParseField("query"));
        DEST.declareString((d, v) -> d.index = v, new ParseField("index"));
        PARSER.declareObject((r, v) -> r.source = v, (p, c) -> SOURCE.parse(p, null), new ParseField("source"));
        PARSER.declareObject((r, v) -> r.dest = v, (p, c) -> DEST.parse(p, null), new ParseField("dest"));
        PARSER.declareInt((r, v) -> r.size = v, new ParseField("size"));
        PARSER.declareLong((r, v) -> r.minDocCount = v, new ParseField("min_doc_count"));
        PARSER.declareString((r, v) -> r.score = v, new ParseField("score"));
        PARSER.declareDouble((r, v) -> r.shrink = v, new ParseField("shrink"));
        PARSER.declareInt((r, v) -> r.sampleSize = v, new ParseField("sample_size"));
        PARSER.declareString((r, v) -> r.mostRecentBy = v, new ParseField("most_recent_by"));
        PARSER.declareInt((r, v) -> r.maxItems = v, new ParseField("max_items"));
        PARSER.declareInt((r, v) -> r.parallelism = v, new ParseField("parallelism"));
        PARSER.declareBoolean((r, v) -> r.resume = v, new ParseField("resume"));
    }

    private IndicatorsBuildParser() {}

    public static IndicatorsBuildConfig parse(XContentParser parser) throws IOException {
        if (parser.currentToken() == null && parser.nextToken() == null) {
            throw new IllegalArgumentException("[indicators] request body is required, with [source.index], [source.field] and [dest.index]");
        }
        Raw raw = PARSER.parse(parser, null);
        if (raw.source == null || blank(raw.source.index)) {
            throw new IllegalArgumentException("[source.index] is required: the index holding the baskets");
        }
        if (blank(raw.source.field)) {
            throw new IllegalArgumentException("[source.field] is required: the keyword field of item ids");
        }
        if (raw.dest == null || blank(raw.dest.index)) {
            throw new IllegalArgumentException("[dest.index] is required: the alias the indicators are read from");
        }
        if (raw.dest.index.equals(raw.dest.index.toLowerCase(Locale.ROOT)) == false || raw.dest.index.startsWith("_")) {
            throw new IllegalArgumentException("[dest.index] must be lowercase and must not start with '_', got [" + raw.dest.index + "]");
        }
        int size = raw.size == null ? IndicatorsBuildConfig.DEFAULT_SIZE : inRange(raw.size, 1, IndicatorsBuildConfig.MAX_SIZE, "size");
        long minDocCount = raw.minDocCount == null ? IndicatorsBuildConfig.DEFAULT_MIN_DOC_COUNT : raw.minDocCount;
        if (minDocCount < 1) {
            throw new IllegalArgumentException("[min_doc_count] must be at least 1, got [" + minDocCount + "]");
        }
        PairScore score = PairScore.of(raw.score, raw.shrink, "");
        int sampleSize = raw.sampleSize == null ? 0 : inRange(raw.sampleSize, 1, CooccurrenceAggregationBuilder.MAX_SAMPLE_SIZE, "sample_size");
        if (raw.mostRecentBy != null && blank(raw.mostRecentBy)) {
            throw new IllegalArgumentException("[most_recent_by] must name a date field of the baskets, got [" + raw.mostRecentBy + "]");
        }
        if (raw.mostRecentBy != null && sampleSize == 0) {
            throw new IllegalArgumentException("[most_recent_by] orders each item's sample: it needs [sample_size] (without a sample every basket counts)");
        }
        int maxItems = raw.maxItems == null ? 0 : inRange(raw.maxItems, 1, Integer.MAX_VALUE, "max_items");
        int parallelism = raw.parallelism == null
            ? IndicatorsBuildConfig.DEFAULT_PARALLELISM
            : inRange(raw.parallelism, 1, IndicatorsBuildConfig.MAX_PARALLELISM, "parallelism");
        return new IndicatorsBuildConfig(
            raw.source.index,
            raw.source.field,
            raw.source.query,
            raw.dest.index,
            size,
            minDocCount,
            score,
            sampleSize,
            raw.mostRecentBy,
            maxItems,
            parallelism,
            raw.resume
        );
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static int inRange(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "[%s] must be in the range [%d, %d], got [%d]", field, min, max, value));
        }
        return value;
    }

    private static final class Source {
        String index;
        String field;
        QueryBuilder query;
    }

    private static final class Dest {
        String index;
    }

    private static final class Raw {
        Source source;
        Dest dest;
        Integer size;
        Long minDocCount;
        String score;
        Double shrink;
        Integer sampleSize;
        String mostRecentBy;
        Integer maxItems;
        Integer parallelism;
        boolean resume;
    }
}
