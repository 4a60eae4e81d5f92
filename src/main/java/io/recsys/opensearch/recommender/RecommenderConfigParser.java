package io.recsys.opensearch.recommender;

import io.recsys.opensearch.candidate.Rules;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.ParseField;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentParseException;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses and validates the body of {@code PUT /_plugins/_recsys/recommenders/{name}}.
 * Unknown keys are rejected with their position ({@code [catalog] unknown field [foo]}); every value error names the
 * field by its dotted path ({@code [events.half_life] ...}), so a user can find the mistake without reading code.
 */
public final class RecommenderConfigParser {

    public static final ParseField CATALOG = new ParseField("catalog");
    public static final ParseField EVENTS = new ParseField("events");
    public static final ParseField MODEL = new ParseField("model");
    public static final ParseField FUSION = new ParseField("fusion");
    public static final ParseField INDICES = new ParseField("indices");
    public static final ParseField RULES = new ParseField("rules");

    public static final ParseField INDEX = new ParseField("index");
    public static final ParseField ID_FIELD = new ParseField("id_field");
    public static final ParseField VECTOR_FIELD = new ParseField("vector_field");
    public static final ParseField CATEGORY_FIELD = new ParseField("category_field");
    public static final ParseField TEXT_FIELDS = new ParseField("text_fields");
    public static final ParseField PRICE_FIELD = new ParseField("price_field");
    public static final ParseField STOCK_FIELD = new ParseField("stock_field");

    public static final ParseField WEIGHTS = new ParseField("weights");
    public static final ParseField HALF_LIFE = new ParseField("half_life");
    public static final ParseField SESSION_GAP = new ParseField("session_gap");
    public static final ParseField MAX_RECENT_ITEMS = new ParseField("max_recent_items");
    public static final ParseField RETENTION = new ParseField("retention");

    /** Weights above this are almost surely a unit mistake; the vector is a weighted mean, so only ratios matter. */
    public static final double MAX_WEIGHT = 1_000_000;

    private static final ObjectParser<CatalogBuilder, Void> CATALOG_PARSER = new ObjectParser<>("catalog", CatalogBuilder::new);
    private static final ObjectParser<EventsBuilder, Void> EVENTS_PARSER = new ObjectParser<>("events", EventsBuilder::new);
    private static final ObjectParser<FusionBuilder, Void> FUSION_PARSER = new ObjectParser<>("fusion", FusionBuilder::new);
    private static final ObjectParser<ConfigBuilder, Void> PARSER = new ObjectParser<>("recommender", ConfigBuilder::new);

    static {
        CATALOG_PARSER.declareString((b, v) -> b.index = v, INDEX);
        CATALOG_PARSER.declareString((b, v) -> b.idField = v, ID_FIELD);
        CATALOG_PARSER.declareString((b, v) -> b.vectorField = v, VECTOR_FIELD);
        CATALOG_PARSER.declareString((b, v) -> b.categoryField = v, CATEGORY_FIELD);
        CATALOG_PARSER.declareStringArray((b, v) -> b.textFields = v, TEXT_FIELDS);
        CATALOG_PARSER.declareString((b, v) -> b.priceField = v, PRICE_FIELD);
        CATALOG_PARSER.declareString((b, v) -> b.stockField = v, STOCK_FIELD);

        EVENTS_PARSER.declareObject((b, v) -> b.weights = v, (p, c) -> parseWeights(p), WEIGHTS);
        EVENTS_PARSER.declareString((b, v) -> b.halfLife = v, HALF_LIFE);
        EVENTS_PARSER.declareString((b, v) -> b.sessionGap = v, SESSION_GAP);
        EVENTS_PARSER.declareInt((b, v) -> b.maxRecentItems = v, MAX_RECENT_ITEMS);
        // any scalar: a bare number ("retention": 365) gets the message that names the field and asks for a unit
        EVENTS_PARSER.declareField((b, v) -> b.retention = v,
            p -> p.currentToken() == XContentParser.Token.VALUE_NULL ? null : p.text(), RETENTION, ObjectParser.ValueType.VALUE);

        FUSION_PARSER.declareObject((b, v) -> b.weights = v, (p, c) -> FusionWeights.parse(p), WEIGHTS);

        PARSER.declareObject((b, v) -> b.catalog = v, (p, c) -> CATALOG_PARSER.parse(p, null), CATALOG);
        PARSER.declareObject((b, v) -> b.events = v, (p, c) -> EVENTS_PARSER.parse(p, null), EVENTS);
        PARSER.declareStringOrNull((b, v) -> b.model = v, MODEL);
        PARSER.declareObject((b, v) -> b.fusion = v, (p, c) -> FUSION_PARSER.parse(p, null), FUSION);
        PARSER.declareObject((b, v) -> b.indices = v, (p, c) -> IndicesConfig.parse(p), INDICES);
        PARSER.declareObject((b, v) -> b.rules = v, (p, c) -> Rules.parse(p, "rules"), RULES);
    }

    private RecommenderConfigParser() {}

    /** Parses a whole configuration, filling defaults, and validates every value. */
    public static RecommenderConfig parse(XContentParser parser) throws IOException {
        if (parser.currentToken() == null && parser.nextToken() == null) {
            throw new IllegalArgumentException("[recommender] request body is required, with at least [catalog.index]");
        }
        if (parser.currentToken() != XContentParser.Token.START_OBJECT) {
            throw new XContentParseException(parser.getTokenLocation(), "[recommender] the request body must be a JSON object, got " + parser.currentToken());
        }
        return PARSER.parse(parser, null).build();
    }

    private static Map<EventType, Double> parseWeights(XContentParser parser) throws IOException {
        Map<EventType, Double> weights = new EnumMap<>(EventType.class);
        for (Map.Entry<String, Object> entry : parser.map().entrySet()) {
            String field = "events.weights." + entry.getKey();
            EventType type;
            try {
                type = EventType.fromJsonName(entry.getKey(), "events.weights");
            } catch (IllegalArgumentException e) {
                throw new XContentParseException(parser.getTokenLocation(), e.getMessage());
            }
            if (entry.getValue() instanceof Number == false) {
                throw new XContentParseException(
                    parser.getTokenLocation(),
                    "[" + field + "] must be a number, got [" + entry.getValue() + "]"
                );
            }
            double weight = ((Number) entry.getValue()).doubleValue();
            if (Double.isFinite(weight) == false || weight < 0 || weight > MAX_WEIGHT) {
                throw new XContentParseException(
                    parser.getTokenLocation(),
                    "[" + field + "] must be in the range [0, " + (long) MAX_WEIGHT + "], got [" + entry.getValue() + "]"
                );
            }
            weights.put(type, weight);
        }
        return weights;
    }

    /** A duration such as {@code 30d}, {@code 30m}, at least {@code min} and at most 100 years; the field path goes into the error. */
    static TimeValue parseDuration(String value, TimeValue defaultValue, TimeValue min, String field) {
        if (value == null) {
            return defaultValue;
        }
        TimeValue parsed;
        try {
            parsed = TimeValue.parseTimeValue(value, null, field);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                "[" + field + "] must be a duration with a unit (ms, s, m, h, d), such as [30d], got [" + value + "]"
            );
        }
        if (parsed.nanos() < min.nanos()) {
            throw new IllegalArgumentException("[" + field + "] must be at least [" + min + "], got [" + value + "]");
        }
        if (parsed.nanos() > EventsConfig.MAX_DURATION.nanos()) {
            throw new IllegalArgumentException("[" + field + "] must be at most [" + EventsConfig.MAX_DURATION + "], got [" + value + "]");
        }
        return parsed;
    }

    private static String fieldName(String value, String defaultValue, String field) {
        if (value == null) {
            return defaultValue;
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException("[" + field + "] must not be empty");
        }
        return value;
    }

    private static final class CatalogBuilder {
        String index, idField, vectorField, categoryField, priceField, stockField;
        List<String> textFields;

        CatalogConfig build() {
            if (index == null || index.isBlank()) {
                throw new IllegalArgumentException("[catalog.index] is required: the name of the catalog index");
            }
            List<String> text = textFields == null ? CatalogConfig.DEFAULT_TEXT_FIELDS : textFields;
            for (String field : text) {
                fieldName(field, null, "catalog.text_fields");
            }
            return new CatalogConfig(
                index,
                fieldName(idField, CatalogConfig.DEFAULT_ID_FIELD, "catalog.id_field"),
                fieldName(vectorField, CatalogConfig.DEFAULT_VECTOR_FIELD, "catalog.vector_field"),
                fieldName(categoryField, CatalogConfig.DEFAULT_CATEGORY_FIELD, "catalog.category_field"),
                text,
                fieldName(priceField, CatalogConfig.DEFAULT_PRICE_FIELD, "catalog.price_field"),
                fieldName(stockField, CatalogConfig.DEFAULT_STOCK_FIELD, "catalog.stock_field")
            );
        }
    }

    private static final class EventsBuilder {
        Map<EventType, Double> weights = Map.of();
        String halfLife, sessionGap, retention;
        Integer maxRecentItems;

        EventsConfig build() {
            int recent = maxRecentItems == null ? EventsConfig.DEFAULT_MAX_RECENT_ITEMS : maxRecentItems;
            if (recent < 1 || recent > EventsConfig.MAX_RECENT_ITEMS_LIMIT) {
                throw new IllegalArgumentException(
                    String.format(
                        Locale.ROOT,
                        "[events.max_recent_items] must be in the range [1, %d], got [%d]",
                        EventsConfig.MAX_RECENT_ITEMS_LIMIT,
                        recent
                    )
                );
            }
            EventsConfig config = new EventsConfig(
                weights,
                parseDuration(halfLife, EventsConfig.DEFAULT_HALF_LIFE, EventsConfig.MIN_DURATION, "events.half_life"),
                parseDuration(sessionGap, EventsConfig.DEFAULT_SESSION_GAP, EventsConfig.MIN_DURATION, "events.session_gap"),
                recent,
                parseDuration(retention, null, EventsConfig.MIN_RETENTION, "events.retention")
            );
            if (config.weights().values().stream().allMatch(w -> w == 0)) {
                throw new IllegalArgumentException("[events.weights] at least one event type needs a weight above 0");
            }
            return config;
        }
    }

    private static final class FusionBuilder {
        FusionWeights weights = FusionWeights.DEFAULTS;
    }

    private static final class ConfigBuilder {
        CatalogBuilder catalog;
        EventsBuilder events;
        String model;
        FusionBuilder fusion;
        IndicesConfig indices = IndicesConfig.NONE;
        Rules rules;

        RecommenderConfig build() {
            if (catalog == null) {
                throw new IllegalArgumentException("[catalog] is required, with at least [catalog.index]");
            }
            return new RecommenderConfig(
                catalog.build(),
                events == null ? EventsConfig.defaults() : events.build(),
                fieldName(model, null, "model"), // no model by default: the fused order
                fusion == null ? FusionWeights.DEFAULTS : fusion.weights,
                indices,
                rules == null ? Rules.NONE : rules
            );
        }
    }
}
