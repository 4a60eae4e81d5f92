package io.recsys.opensearch.recommender;

import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.IndexTemplateMetadata;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.cluster.metadata.MetadataIndexTemplateService;
import org.opensearch.common.settings.Settings;

import java.util.List;
import java.util.Locale;

/**
 * Shards and replicas of a recommender's own index, decided the way an OpenSearch user expects: what the recommender's
 * {@code indices} section asks, else what a matching index template sets, else the plugin's default. The plugin never
 * sets what a template decides, so an operator's template for {@code recsys-*} keeps working.
 */
public final class OwnIndexSettings {

    /**
     * One primary by default: a profile or identity is read and written by id, one shard holds many millions of them, and
     * every extra shard costs heap and file handles on each node. Raise it (or set it in a template) for more ingest
     * throughput than one primary takes.
     */
    public static final int DEFAULT_SHARDS = 1;
    /** A replica as soon as a second node exists, none on a single node (so that a one-node cluster stays green). */
    public static final String DEFAULT_AUTO_EXPAND_REPLICAS = "0-1";

    private OwnIndexSettings() {}

    /** The settings to create {@code index} with; only the keys neither the shape nor a template decides get a default. */
    public static Settings forNewIndex(Metadata metadata, String index, IndexShape shape) {
        Settings template = templateSettings(metadata, index);
        Settings.Builder settings = Settings.builder();
        if (shape.numberOfShards() != null) {
            settings.put(IndexMetadata.SETTING_NUMBER_OF_SHARDS, shape.numberOfShards());
        } else if (sets(template, IndexMetadata.SETTING_NUMBER_OF_SHARDS) == false) {
            settings.put(IndexMetadata.SETTING_NUMBER_OF_SHARDS, DEFAULT_SHARDS);
        }
        if (shape.numberOfReplicas() != null) {
            settings.put(IndexMetadata.SETTING_NUMBER_OF_REPLICAS, shape.numberOfReplicas());
            // a template's auto-expansion would otherwise overrule the number asked for
            settings.put(IndexMetadata.SETTING_AUTO_EXPAND_REPLICAS, "false");
        } else if (sets(template, IndexMetadata.SETTING_NUMBER_OF_REPLICAS) == false && sets(template, IndexMetadata.SETTING_AUTO_EXPAND_REPLICAS) == false) {
            settings.put(IndexMetadata.SETTING_AUTO_EXPAND_REPLICAS, DEFAULT_AUTO_EXPAND_REPLICAS);
        }
        return settings.build();
    }

    /**
     * Refuses a shape an existing index does not have: the plugin never changes an existing index, and a configuration
     * that says 6 shards over an index of 1 would mislead whoever reads it. The message names the field and the way out.
     */
    public static void checkExisting(IndexMetadata existing, IndexKind kind, IndexShape shape) {
        String field = "indices." + kind.jsonName();
        String index = existing.getIndex().getName();
        if (shape.numberOfShards() != null && shape.numberOfShards() != existing.getNumberOfShards()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                "[%s.%s] index [%s] already exists with [%d] primary shards, not [%d]; the plugin does not change an existing index "
                    + "(the shard count of an index is fixed at creation: _split/_shrink it yourself, or leave [%s.%s] out)",
                field, IndexShape.NUMBER_OF_SHARDS, index, existing.getNumberOfShards(), shape.numberOfShards(), field, IndexShape.NUMBER_OF_SHARDS));
        }
        if (shape.numberOfReplicas() != null && shape.numberOfReplicas() != existing.getNumberOfReplicas()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                "[%s.%s] index [%s] already exists with [%d] replicas, not [%d]; the plugin does not change an existing index "
                    + "(change it with PUT /%s/_settings {\"index.number_of_replicas\": %d}, or leave [%s.%s] out)",
                field, IndexShape.NUMBER_OF_REPLICAS, index, existing.getNumberOfReplicas(), shape.numberOfReplicas(), index,
                shape.numberOfReplicas(), field, IndexShape.NUMBER_OF_REPLICAS));
        }
    }

    /** The settings the index templates matching {@code index} give it: the composable one if any matches, else legacy ones. */
    static Settings templateSettings(Metadata metadata, String index) {
        String composable = MetadataIndexTemplateService.findV2Template(metadata, index, false);
        if (composable != null) {
            return MetadataIndexTemplateService.resolveSettings(metadata, composable);
        }
        List<IndexTemplateMetadata> legacy = MetadataIndexTemplateService.findV1Templates(metadata, index, false);
        return MetadataIndexTemplateService.resolveSettings(legacy);
    }

    /** Whether template settings set {@code key} (stored with or without the {@code index.} prefix). */
    private static boolean sets(Settings template, String key) {
        return template.get(key) != null || template.get(key.substring("index.".length())) != null;
    }
}
