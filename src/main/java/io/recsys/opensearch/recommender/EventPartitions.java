package io.recsys.opensearch.recommender;

import org.opensearch.cluster.metadata.IndexAbstraction;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.Metadata;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a recommender's stored events are laid out: one concrete index per calendar month (UTC) of the events' own
 * timestamps, {@code recsys-{name}-events-yyyy.MM}, behind the alias {@code recsys-{name}-events} that every reader
 * uses (searches, aggregations, forget's delete-by-query). Writes go to the month's concrete index, so a replay of old
 * events lands where their time says and retention can drop a whole month by deleting its index.
 *
 * <p>A recommender created before partitioning has a concrete {@code recsys-{name}-events} index instead of the alias;
 * it keeps working unpartitioned ({@link #isLegacy}). After the migration described in README.md its old events live in
 * {@code recsys-{name}-events-legacy}, behind the alias, never dropped by retention.
 *
 * @param alias the name readers use, {@code recsys-{name}-events}
 */
public record EventPartitions(String alias) {

    /** The month suffix of a partition: lexical order is time order. */
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu.MM", Locale.ROOT);
    /** Suffix of the index that holds the events of a migrated single events index (see README.md). */
    public static final String LEGACY_SUFFIX = "legacy";
    /** Any recommender's partition or migrated index: {@code recsys-{name}-events-yyyy.MM} or {@code -events-legacy}. */
    private static final Pattern ANY_PARTITION = Pattern.compile(
        Pattern.quote(RecommenderIndices.PREFIX) + ".+-events-(\\d{4}\\.\\d{2}|" + LEGACY_SUFFIX + ")");

    public static EventPartitions of(RecommenderIndices indices) {
        return new EventPartitions(indices.events());
    }

    /** The partition that holds an event of this time (epoch millis, UTC month). */
    public String partitionFor(long timestampMillis) {
        return partitionOf(monthOf(timestampMillis));
    }

    /** The UTC month of a time (epoch millis). */
    public static YearMonth monthOf(long timestampMillis) {
        return YearMonth.from(Instant.ofEpochMilli(timestampMillis).atZone(ZoneOffset.UTC));
    }

    public String partitionOf(YearMonth month) {
        return alias + "-" + MONTH.format(month);
    }

    /** The index that holds the events of a migrated single events index. */
    public String legacyIndex() {
        return alias + "-" + LEGACY_SUFFIX;
    }

    /** The month a partition of this recommender holds, or null when {@code index} is not one. */
    public YearMonth monthOf(String index) {
        String prefix = alias + "-";
        if (index.startsWith(prefix) == false || index.length() != prefix.length() + 7) {
            return null;
        }
        try {
            return YearMonth.parse(index.substring(prefix.length()), MONTH);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The first instant after the partition's month: every event it can hold is older. A partition whose end lies before
     * now minus the retention holds nothing the retention keeps.
     */
    public static long endMillis(YearMonth month) {
        return month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** Whether this index belongs to this recommender's events: one of its partitions or its migrated legacy index. */
    public boolean owns(String index) {
        return monthOf(index) != null || index.equals(legacyIndex());
    }

    /** Whether any recommender's events partition (or migrated legacy index) could have this name. */
    public static boolean isPartitionName(String index) {
        Matcher matcher = ANY_PARTITION.matcher(index);
        return matcher.matches();
    }

    /**
     * What the events name stands for now, as a cache key: the UUIDs of the indices behind it (one for the single index
     * of an older recommender), or null when the name resolves to nothing. A new month's partition, a dropped one or a
     * recommender created again gives another key, so a ranking cached for the old set is not served for the new one.
     */
    public static String readIdentity(Metadata metadata, String name) {
        IndexAbstraction abstraction = metadata.getIndicesLookup().get(name);
        if (abstraction == null || abstraction.getIndices().isEmpty()) {
            return null;
        }
        List<IndexMetadata> indices = abstraction.getIndices();
        if (indices.size() == 1) {
            return indices.get(0).getIndexUUID();
        }
        StringBuilder key = new StringBuilder();
        indices.stream().map(IndexMetadata::getIndexUUID).sorted().forEach(uuid -> key.append(uuid).append(','));
        return key.toString();
    }

    /** Whether the recommender still has the single concrete events index of the versions before partitioning. */
    public boolean isLegacy(Metadata metadata) {
        return metadata.hasIndex(alias);
    }

    /**
     * The indices behind the alias that belong to this recommender (partitions and the migrated legacy index), in name
     * order (partitions oldest first, the legacy index last). Indices someone else added to the alias are left out: the
     * plugin never deletes them.
     */
    public List<String> existing(Metadata metadata) {
        List<String> owned = new ArrayList<>();
        IndexAbstraction abstraction = metadata.getIndicesLookup().get(alias);
        if (abstraction != null && abstraction.getType() == IndexAbstraction.Type.ALIAS) {
            for (IndexMetadata index : abstraction.getIndices()) {
                if (owns(index.getIndex().getName())) {
                    owned.add(index.getIndex().getName());
                }
            }
        }
        // a partition that lost its alias (created by hand, or an interrupted creation) is still the recommender's
        for (String index : metadata.indices().keySet()) {
            if (monthOf(index) != null && owned.contains(index) == false) {
                owned.add(index);
            }
        }
        owned.sort(null);
        return owned;
    }
}
