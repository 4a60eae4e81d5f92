package io.recsys.opensearch.candidate;

import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.QueryBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Merchandising rules ({@code rules} of the {@code recommend} query, or the recommender's defaults): pinned items at
 * their positions, items a filter matches boosted (their score multiplied) or buried (after all others). They apply to
 * the final ranking, after fusion and re-ranking: boost and bury before diversity, pins last, at exactly their positions.
 *
 * @param pins   items shown at fixed positions (0 = the first hit)
 * @param boosts score multipliers for the items a filter matches
 * @param buries filters whose items go after all the others
 */
public record Rules(List<Pin> pins, List<Boost> boosts, List<Bury> buries) implements Writeable, ToXContentObject {

    public static final Rules NONE = new Rules(List.of(), List.of(), List.of());
    /** Rules of each kind a request or recommender may give: each costs a catalog read per request. */
    public static final int MAX_PER_KIND = 20;
    /** Pinned positions beyond this are not a page a shopper sees. */
    public static final int MAX_POSITION = 999;
    public static final float MAX_WEIGHT = 100;

    /** @param item the item's id; @param position its 0-based position in the hits */
    public record Pin(String item, int position) {}

    /** @param filter which items; @param weight their score is multiplied by it (above 1 moves them up, below 1 down) */
    public record Boost(QueryBuilder filter, float weight) {}

    /** @param filter which items go after all the others */
    public record Bury(QueryBuilder filter) {}

    public Rules {
        pins = List.copyOf(pins);
        boosts = List.copyOf(boosts);
        buries = List.copyOf(buries);
    }

    public boolean isEmpty() {
        return pins.isEmpty() && boosts.isEmpty() && buries.isEmpty();
    }

    public Rules(StreamInput in) throws IOException {
        this(in.readList(i -> new Pin(i.readString(), i.readVInt())),
            in.readList(i -> new Boost(i.readNamedWriteable(QueryBuilder.class), i.readFloat())),
            in.readList(i -> new Bury(i.readNamedWriteable(QueryBuilder.class))));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeCollection(pins, (o, pin) -> {
            o.writeString(pin.item());
            o.writeVInt(pin.position());
        });
        out.writeCollection(boosts, (o, boost) -> {
            o.writeNamedWriteable(boost.filter());
            o.writeFloat(boost.weight());
        });
        out.writeCollection(buries, (o, bury) -> o.writeNamedWriteable(bury.filter()));
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.startArray("pin");
        for (Pin pin : pins) {
            builder.startObject().field("item", pin.item()).field("position", pin.position()).endObject();
        }
        builder.endArray().startArray("boost");
        for (Boost boost : boosts) {
            builder.startObject().field("filter", boost.filter()).field("weight", boost.weight()).endObject();
        }
        builder.endArray().startArray("bury");
        for (Bury bury : buries) {
            builder.startObject().field("filter", bury.filter()).endObject();
        }
        return builder.endArray().endObject();
    }

    /**
     * Reads a {@code rules} object; {@code path} names it in errors ({@code recommend.rules} in a query, {@code rules} in
     * a recommender), down to the field: {@code [recommend.rules.pin.1.position] …}.
     */
    public static Rules parse(XContentParser parser, String path) throws IOException {
        expect(parser, parser.currentToken() == XContentParser.Token.START_OBJECT ? parser.currentToken() : parser.nextToken(),
            XContentParser.Token.START_OBJECT, path, "an object");
        List<Pin> pins = new ArrayList<>();
        List<Boost> boosts = new ArrayList<>();
        List<Bury> buries = new ArrayList<>();
        while (parser.nextToken() != XContentParser.Token.END_OBJECT) {
            String kind = parser.currentName();
            if (List.of("pin", "boost", "bury").contains(kind) == false) {
                throw new ParsingException(parser.getTokenLocation(), "[" + path + "] unknown rule [" + kind + "], expected pin, boost or bury");
            }
            expect(parser, parser.nextToken(), XContentParser.Token.START_ARRAY, path + "." + kind, "an array");
            int index = 0;
            while (parser.nextToken() != XContentParser.Token.END_ARRAY) {
                String at = path + "." + kind + "." + index;
                switch (kind) {
                    case "pin" -> pins.add(pin(parser, at));
                    case "boost" -> boosts.add(boost(parser, at));
                    default -> buries.add(new Bury(filterOnly(parser, at)));
                }
                index++;
            }
            if (index > MAX_PER_KIND) {
                throw new ParsingException(parser.getTokenLocation(), "[" + path + "." + kind + "] holds at most " + MAX_PER_KIND + " rules, got [" + index + "]");
            }
        }
        Set<String> pinnedItems = new HashSet<>();
        Set<Integer> pinnedPositions = new HashSet<>();
        for (int i = 0; i < pins.size(); i++) {
            if (pinnedItems.add(pins.get(i).item()) == false) {
                throw new ParsingException(parser.getTokenLocation(), "[" + path + ".pin." + i + ".item] [" + pins.get(i).item() + "] is pinned twice");
            }
            if (pinnedPositions.add(pins.get(i).position()) == false) {
                throw new ParsingException(parser.getTokenLocation(), "[" + path + ".pin." + i + ".position] position [" + pins.get(i).position()
                    + "] is pinned twice");
            }
        }
        return new Rules(pins, boosts, buries);
    }

    private static Pin pin(XContentParser parser, String at) throws IOException {
        expect(parser, parser.currentToken(), XContentParser.Token.START_OBJECT, at, "an object {\"item\": …, \"position\": …}");
        String item = null;
        Integer position = null;
        while (parser.nextToken() != XContentParser.Token.END_OBJECT) {
            String field = parser.currentName();
            XContentParser.Token value = parser.nextToken();
            switch (field) {
                case "item" -> {
                    expect(parser, value, XContentParser.Token.VALUE_STRING, at + ".item", "an item id");
                    item = parser.text();
                }
                case "position" -> {
                    expect(parser, value, XContentParser.Token.VALUE_NUMBER, at + ".position", "a number");
                    position = parser.intValue();
                }
                default -> throw unknown(parser, at, field);
            }
        }
        if (item == null || item.isEmpty()) {
            throw new ParsingException(parser.getTokenLocation(), "[" + at + ".item] is required");
        }
        if (position == null || position < 0 || position > MAX_POSITION) {
            throw new ParsingException(parser.getTokenLocation(), String.format(Locale.ROOT, "[%s.position] is required, from 0 (the first hit) to %d, got [%s]",
                at, MAX_POSITION, position));
        }
        return new Pin(item, position);
    }

    private static Boost boost(XContentParser parser, String at) throws IOException {
        expect(parser, parser.currentToken(), XContentParser.Token.START_OBJECT, at, "an object {\"filter\": …, \"weight\": …}");
        QueryBuilder filter = null;
        Float weight = null;
        while (parser.nextToken() != XContentParser.Token.END_OBJECT) {
            String field = parser.currentName();
            XContentParser.Token value = parser.nextToken();
            switch (field) {
                case "filter" -> filter = query(parser, value, at);
                case "weight" -> {
                    expect(parser, value, XContentParser.Token.VALUE_NUMBER, at + ".weight", "a number");
                    weight = parser.floatValue();
                }
                default -> throw unknown(parser, at, field);
            }
        }
        if (filter == null) {
            throw new ParsingException(parser.getTokenLocation(), "[" + at + ".filter] is required");
        }
        if (weight == null || weight <= 0 || weight > MAX_WEIGHT || Float.isNaN(weight)) {
            throw new ParsingException(parser.getTokenLocation(), "[" + at + ".weight] is required, above 0 and at most " + MAX_WEIGHT + ", got [" + weight + "]");
        }
        return new Boost(filter, weight);
    }

    private static QueryBuilder filterOnly(XContentParser parser, String at) throws IOException {
        expect(parser, parser.currentToken(), XContentParser.Token.START_OBJECT, at, "an object {\"filter\": …}");
        QueryBuilder filter = null;
        while (parser.nextToken() != XContentParser.Token.END_OBJECT) {
            String field = parser.currentName();
            XContentParser.Token value = parser.nextToken();
            if (field.equals("filter") == false) {
                throw unknown(parser, at, field);
            }
            filter = query(parser, value, at);
        }
        if (filter == null) {
            throw new ParsingException(parser.getTokenLocation(), "[" + at + ".filter] is required");
        }
        return filter;
    }

    private static QueryBuilder query(XContentParser parser, XContentParser.Token value, String at) throws IOException {
        expect(parser, value, XContentParser.Token.START_OBJECT, at + ".filter", "a query");
        return AbstractQueryBuilder.parseInnerQueryBuilder(parser);
    }

    private static ParsingException unknown(XContentParser parser, String at, String field) {
        return new ParsingException(parser.getTokenLocation(), "[" + at + "] unknown field [" + field + "]");
    }

    private static void expect(XContentParser parser, XContentParser.Token actual, XContentParser.Token expected, String at, String what) {
        if (actual != expected) {
            throw new ParsingException(parser.getTokenLocation(), "[" + at + "] must be " + what + ", got [" + actual + "]");
        }
    }
}
