package io.recsys.opensearch.recommender;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParseException;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code indices} section of a recommender: shards and replicas per own index, used when the plugin creates the
 * index. Only what the user gave is kept, so that a matching index template still decides the rest.
 *
 * @param shapes what was asked, per index kind; kinds not given are absent
 */
public record IndicesConfig(Map<IndexKind, IndexShape> shapes) implements Writeable, ToXContentObject {

    public static final IndicesConfig NONE = new IndicesConfig(Map.of());

    public IndicesConfig {
        EnumMap<IndexKind, IndexShape> copy = new EnumMap<>(IndexKind.class);
        copy.putAll(shapes);
        shapes = Collections.unmodifiableMap(copy);
    }

    public IndicesConfig(StreamInput in) throws IOException {
        this(in.readMap(i -> i.readEnum(IndexKind.class), IndexShape::new));
    }

    /** What was asked for this kind; {@link IndexShape#UNSET} when nothing. */
    public IndexShape shape(IndexKind kind) {
        return shapes.getOrDefault(kind, IndexShape.UNSET);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeMap(shapes, StreamOutput::writeEnum, (o, shape) -> shape.writeTo(o));
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        for (Map.Entry<IndexKind, IndexShape> entry : shapes.entrySet()) {
            builder.field(entry.getKey().jsonName(), entry.getValue(), params);
        }
        return builder.endObject();
    }

    /** Reads {@code indices}; every error names the field by its dotted path. */
    static IndicesConfig parse(XContentParser parser) throws IOException {
        Map<IndexKind, IndexShape> shapes = new EnumMap<>(IndexKind.class);
        for (Map.Entry<String, Object> entry : parser.map().entrySet()) {
            IndexKind kind = IndexKind.fromJsonName(entry.getKey());
            if (kind == null) {
                throw new XContentParseException(parser.getTokenLocation(),
                    "[indices] unknown index [" + entry.getKey() + "], expected one of " + IndexKind.jsonNames());
            }
            String field = "indices." + kind.jsonName();
            if (entry.getValue() instanceof Map<?, ?> == false) {
                throw new XContentParseException(parser.getTokenLocation(),
                    "[" + field + "] must be an object with [" + IndexShape.NUMBER_OF_SHARDS + "] and/or [" + IndexShape.NUMBER_OF_REPLICAS + "]");
            }
            Integer shards = null, replicas = null;
            for (Map.Entry<?, ?> setting : ((Map<?, ?>) entry.getValue()).entrySet()) {
                String key = String.valueOf(setting.getKey());
                switch (key) {
                    case IndexShape.NUMBER_OF_SHARDS -> shards = bounded(parser, field + "." + key, setting.getValue(), 1, IndexShape.MAX_SHARDS);
                    case IndexShape.NUMBER_OF_REPLICAS -> replicas = bounded(parser, field + "." + key, setting.getValue(), 0, Integer.MAX_VALUE);
                    default -> throw new XContentParseException(parser.getTokenLocation(), "[" + field + "] unknown setting [" + key + "], expected ["
                        + IndexShape.NUMBER_OF_SHARDS + "] or [" + IndexShape.NUMBER_OF_REPLICAS + "] (other index settings belong in an index template)");
                }
            }
            shapes.put(kind, new IndexShape(shards, replicas));
        }
        return new IndicesConfig(shapes);
    }

    private static int bounded(XContentParser parser, String field, Object value, int min, int max) {
        boolean integral = value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte;
        if (integral == false) {
            throw new XContentParseException(parser.getTokenLocation(), "[" + field + "] must be an integer, got [" + value + "]");
        }
        long number = ((Number) value).longValue();
        if (number < min) {
            throw new XContentParseException(parser.getTokenLocation(), "[" + field + "] must be at least " + min + ", got [" + value + "]");
        }
        if (number > max) {
            throw new XContentParseException(parser.getTokenLocation(), "[" + field + "] must be at most " + max + ", got [" + value + "]");
        }
        return (int) number;
    }
}
