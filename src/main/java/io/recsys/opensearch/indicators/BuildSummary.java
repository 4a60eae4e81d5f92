package io.recsys.opensearch.indicators;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;

/**
 * What a build did, as the REST reply shows it.
 *
 * @param dest                 the alias, now pointing at {@code index}
 * @param index                the index written
 * @param tookMillis           wall time of the whole build
 * @param items                anchor items computed
 * @param itemsWithIndicators  items that got at least one indicator (one document each)
 * @param indicators           indicators written, all items together
 * @param baskets              documents in the background population
 * @param resumedItems         items an unfinished earlier build had written, kept by {@code resume} (not computed again)
 */
public record BuildSummary(String dest, String index, long tookMillis, long items, long itemsWithIndicators, long indicators, long baskets, long resumedItems)
    implements
        Writeable,
        ToXContentObject {

    public BuildSummary(StreamInput in) throws IOException {
        this(in.readString(), in.readString(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(dest);
        out.writeString(index);
        out.writeVLong(tookMillis);
        out.writeVLong(items);
        out.writeVLong(itemsWithIndicators);
        out.writeVLong(indicators);
        out.writeVLong(baskets);
        out.writeVLong(resumedItems);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.startObject()
            .field("took", tookMillis)
            .field("dest", dest)
            .field("index", index)
            .field("items", items)
            .field("items_with_indicators", itemsWithIndicators)
            .field("indicators", indicators)
            .field("baskets", baskets)
            .field("resumed_items", resumedItems)
            .endObject();
    }
}
