package io.recsys.opensearch.settings;

import org.opensearch.common.settings.Setting;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.unit.ByteSizeUnit;
import org.opensearch.core.common.unit.ByteSizeValue;

import java.util.List;

/** The plugin's settings, declared once with their bounds. */
public final class RecsysSettings {

    /**
     * Events accepted per request; the rest of a larger batch get 413 each. Bounded because a batch is applied in
     * memory on the coordinating node (one multi-get and one bulk per round).
     */
    public static final Setting<Integer> EVENTS_MAX_BATCH_SIZE = Setting.intSetting(
        "recsys.events.max_batch_size",
        10_000,
        1,
        100_000,
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    /**
     * How often the elected cluster manager applies every recommender's {@code events.retention} (deletes the monthly
     * events partitions past it). Partitions end once a month, so an hour loses nothing; a run only reads the local
     * cluster state unless a partition is due. Dynamic: the next run is rescheduled at once.
     */
    public static final Setting<TimeValue> EVENTS_RETENTION_INTERVAL = Setting.timeSetting(
        "recsys.events.retention_interval",
        TimeValue.timeValueHours(1),
        TimeValue.timeValueSeconds(1),
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    /**
     * Heap for the profiles a node wrote last ({@link io.recsys.opensearch.profile.ProfileCache}): event batches start
     * from them instead of reading the profiles index. A size or a share of the heap; 0 turns it off.
     */
    public static final Setting<ByteSizeValue> EVENTS_PROFILE_CACHE_SIZE = Setting.memorySizeSetting(
        "recsys.events.profile_cache_size",
        "5%",
        Setting.Property.NodeScope
    );

    /**
     * Time budget of each recall source of a {@code recommend} query; a source over it is left out and the query answers
     * with the others (explain says so, {@code _stats} counts it). Keeps one slow source from stalling the search box.
     * 0 leaves no time at all: every source the request asks for is left out before it reads anything.
     */
    public static final Setting<TimeValue> RECOMMEND_SOURCE_TIMEOUT = Setting.timeSetting(
        "recsys.recommend.source_timeout",
        TimeValue.timeValueMillis(500),
        TimeValue.timeValueMillis(0),
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    /**
     * How old precomputed indicators ({@code {recommender}-indicators}, built by {@code POST /_plugins/_recsys/indicators/_build}
     * over the recommender's profiles) may be for the {@code recommend} query's co-occurrence source to read them instead of
     * running the {@code cooccurrence} aggregation online. 0 never uses them.
     */
    public static final Setting<TimeValue> RECOMMEND_INDICATORS_MAX_AGE = Setting.timeSetting(
        "recsys.recommend.indicators_max_age",
        TimeValue.timeValueHours(24),
        TimeValue.timeValueMillis(0),
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    /**
     * Heap a node may give to the indicator lists the {@code recommend} query's co-occurrence source has read from a
     * build's index (kept until that build is replaced, least recently used out first). 0 reads them every time.
     */
    public static final Setting<ByteSizeValue> RECOMMEND_INDICATORS_CACHE_SIZE = Setting.memorySizeSetting(
        "recsys.recommend.indicators_cache_size",
        "1%",
        Setting.Property.NodeScope
    );

    /**
     * How long a node keeps the ranking of the most interacted-with items that the {@code recommend} query's popular
     * source (and its fallback) reads, instead of aggregating the events index for every request; past it, one search
     * refreshes the ranking in the background. 0 asks every time. Ten seconds: while events stream in, the events index
     * refreshes every second and each new ranking counts the whole log again (~0.25 s of CPU at 2M events).
     */
    public static final Setting<TimeValue> RECOMMEND_POPULAR_CACHE_TTL = Setting.timeSetting(
        "recsys.recommend.popular_cache_ttl",
        TimeValue.timeValueSeconds(10),
        TimeValue.timeValueMillis(0),
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    /**
     * Budget for the models loaded on a node (sum of their serialized sizes, the estimate of their memory). Past it the
     * least recently used model nobody is running is closed; a model in use is never closed under a request.
     */
    public static final Setting<ByteSizeValue> MODEL_CACHE_SIZE = Setting.byteSizeSetting(
        "recsys.model.cache.size",
        new ByteSizeValue(256, ByteSizeUnit.MB),
        new ByteSizeValue(1, ByteSizeUnit.MB),
        new ByteSizeValue(16, ByteSizeUnit.GB),
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    /**
     * Largest model accepted by {@code PUT /_plugins/_recsys/models/{id}}. A re-ranking model over a few dozen
     * features is kilobytes to a few megabytes; the bound keeps a mistaken upload from filling every node's memory.
     */
    public static final Setting<ByteSizeValue> MODEL_MAX_SIZE = Setting.byteSizeSetting(
        "recsys.model.max_size",
        new ByteSizeValue(64, ByteSizeUnit.MB),
        new ByteSizeValue(1, ByteSizeUnit.KB),
        new ByteSizeValue(1, ByteSizeUnit.GB),
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    /**
     * Time budget of the model stage of a {@code recommend} request: from the moment its loaded model is handed to the
     * inference pool, queue wait included, to the scores. Past it the run is stopped (ONNX Runtime's terminate flag),
     * the fused order stands, explain and the {@code X-Recsys-Notes} header say so, and {@code _stats} counts it in
     * {@code models.inference_timeouts}. It is also the limit of the probe run on {@value io.recsys.opensearch.model.OnnxModel#PROBE_ROWS}
     * rows that a model must pass at upload (and at every load), so a model that could never serve within it is refused.
     * A 300-row MLP of a few hundred units takes about a millisecond: 100 ms leaves room for a busy node.
     */
    public static final Setting<TimeValue> MODEL_INFERENCE_TIMEOUT = Setting.timeSetting(
        "recsys.model.inference_timeout",
        TimeValue.timeValueMillis(100),
        TimeValue.timeValueMillis(1),
        TimeValue.timeValueSeconds(60),
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    /**
     * Whether clients may write documents straight into the plugin's indices ({@code recsys-{name}-*},
     * {@code .recsys-models}). Off: only the plugin's APIs write them, so their documents keep the invariants those
     * APIs maintain (see {@link io.recsys.opensearch.access.DirectWriteGuard}). On for repairs and restores only.
     */
    public static final Setting<Boolean> INDICES_DIRECT_WRITES = Setting.boolSetting(
        "recsys.indices.direct_writes",
        false,
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    private RecsysSettings() {}

    public static List<Setting<?>> all() {
        return List.of(EVENTS_MAX_BATCH_SIZE, EVENTS_RETENTION_INTERVAL, EVENTS_PROFILE_CACHE_SIZE, RECOMMEND_SOURCE_TIMEOUT, RECOMMEND_INDICATORS_MAX_AGE, RECOMMEND_POPULAR_CACHE_TTL, RECOMMEND_INDICATORS_CACHE_SIZE, MODEL_CACHE_SIZE, MODEL_MAX_SIZE, MODEL_INFERENCE_TIMEOUT, INDICES_DIRECT_WRITES);
    }
}
