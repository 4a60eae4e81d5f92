package io.recsys.opensearch.recall;

import io.recsys.opensearch.indicators.IndicatorsIndex;
import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexAbstraction;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.common.unit.TimeValue;

import java.time.Instant;

/**
 * The recommender's precomputed indicators, read by the co-occurrence source instead of the online aggregation while
 * they are fresh. By convention they live behind the alias {@code {recommender}-indicators}, built with
 * {@code POST /_plugins/_recsys/indicators/_build} over the recommender's profiles index; "fresh" means the build that
 * the alias points to started less than {@code recsys.recommend.indicators_max_age} ago (the backing index's creation
 * time is the build's start). Decided from the cluster state on the coordinating node: no request.
 */
public final class Indicators {

    private Indicators() {}

    /**
     * The outcome for one request.
     *
     * @param index     the backing index to read, or null to compute online
     * @param indexUuid its UUID (what a cache of its documents is keyed by), or null
     * @param note      why indicators exist but are not used (stale, built on another index), or null
     */
    public record Fresh(String index, String indexUuid, String note) {
        public static final Fresh NONE = new Fresh(null, null, null);

        public boolean usable() {
            return index != null;
        }
    }

    /** The alias a recommender's indicators are read from. */
    public static String alias(String recommender) {
        return recommender + "-indicators";
    }

    public static Fresh fresh(ClusterState state, String recommender, TimeValue maxAge, long nowMillis) {
        String alias = alias(recommender);
        IndexAbstraction found = state.metadata().getIndicesLookup().get(alias);
        if (found == null || maxAge.millis() == 0 || found.getIndices().size() != 1) {
            return Fresh.NONE;
        }
        IndexMetadata index = found.getIndices().get(0);
        var build = IndicatorsIndex.buildMeta(index);
        if (build == null) {
            return Fresh.NONE; // some other index of that name: not ours to read
        }
        String profiles = RecommenderIndices.of(recommender).profiles();
        if (profiles.equals(build.get("source_index")) == false) {
            return new Fresh(null, null, "cooccurrence: indicators [" + alias + "] were built on [" + build.get("source_index") + "], not on [" + profiles
                + "]; computed online");
        }
        long age = nowMillis - index.getCreationDate();
        if (age > maxAge.millis()) {
            return new Fresh(null, null, "cooccurrence: indicators [" + alias + "] built " + Instant.ofEpochMilli(index.getCreationDate()) + " are older than "
                + maxAge + " (setting recsys.recommend.indicators_max_age); computed online");
        }
        return new Fresh(index.getIndex().getName(), index.getIndexUUID(), null);
    }
}
