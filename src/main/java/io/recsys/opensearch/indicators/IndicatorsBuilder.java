package io.recsys.opensearch.indicators;

import io.recsys.opensearch.cooccurrence.CooccurrenceAggregationBuilder;
import io.recsys.opensearch.cooccurrence.ExactCooccurrence;
import io.recsys.opensearch.cooccurrence.InternalCooccurrence;
import io.recsys.opensearch.cooccurrence.MostRecentFirst;
import io.recsys.opensearch.recommender.CatalogMapping;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.action.admin.indices.alias.IndicesAliasesRequest;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.action.admin.indices.delete.DeleteIndexRequest;
import org.opensearch.action.admin.indices.refresh.RefreshRequest;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexAbstraction;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.index.IndexNotFoundException;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.search.aggregations.bucket.composite.CompositeAggregation;
import org.opensearch.search.aggregations.bucket.composite.CompositeAggregationBuilder;
import org.opensearch.search.aggregations.bucket.composite.TermsValuesSourceBuilder;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.tasks.CancellableTask;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Materializes indicators: lists the items of the source field (a {@code composite} aggregation, page by page), runs the
 * exact {@code cooccurrence} for each one with it as the only anchor ({@code parallelism} at a time), writes one document
 * per item with indicators into a new index, then points the {@code dest} alias at it in one atomic alias change and
 * deletes the indices it pointed at before. Readers see the old indicators until the new ones are complete.
 * <p>
 * Everything is asynchronous; continuations run on the generic thread pool. A failure or a cancelled task stops the
 * build and deletes the half-written index; the alias is not touched.
 */
public final class IndicatorsBuilder {

    private static final Logger logger = LogManager.getLogger(IndicatorsBuilder.class);

    /** Items listed per composite page. */
    static final int PAGE_SIZE = 5_000;
    /** Documents per bulk write. */
    static final int BULK_SIZE = 500;
    /** Name of the aggregation in the per-item searches. */
    private static final String AGGREGATION = "indicators";

    /** Searches, index creation, bulk writes, alias change. */
    private final Client client;
    /** Where continuations run. */
    private final ThreadPool threadPool;
    /** Resolves the source and dest names against the cluster state. */
    private final IndexNameExpressionResolver resolver;

    public IndicatorsBuilder(Client client, ThreadPool threadPool, IndexNameExpressionResolver resolver) {
        this.client = client;
        this.threadPool = threadPool;
        this.resolver = resolver;
    }

    /** An item of the source field and the number of baskets holding it. */
    record Item(String key, long docCount) {}

    /** Checks the request against the cluster state; returns the total number of primary shards of the source. */
    int checkSource(ClusterState state, IndicatorsBuildConfig config) {
        String[] indices = resolver.concreteIndexNames(state, IndicesOptions.strictExpandOpen(), config.sourceIndex());
        if (indices.length == 0) {
            throw new IndexNotFoundException(config.sourceIndex());
        }
        int shards = 0;
        for (String index : indices) {
            IndexMetadata metadata = state.metadata().index(index);
            shards += metadata.getNumberOfShards();
            Map<String, Object> mapping = metadata.mapping() == null ? Map.of() : metadata.mapping().sourceAsMap();
            Map<String, Object> field = CatalogMapping.fieldMapping(mapping, config.field());
            if (field == null) {
                throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "[source.field] field [%s] is not mapped in index [%s]", config.field(), index)
                );
            }
            Object type = field.getOrDefault("type", "object");
            if ("keyword".equals(type) == false) {
                throw new IllegalArgumentException(
                    String.format(
                        Locale.ROOT,
                        "[source.field] field [%s] in index [%s] is of type [%s]; it must be a [keyword] field of item ids",
                        config.field(),
                        index,
                        type
                    )
                );
            }
            if (config.mostRecentBy() != null) {
                Map<String, Object> time = CatalogMapping.fieldMapping(mapping, config.mostRecentBy());
                Object timeType = time == null ? null : time.getOrDefault("type", "object");
                if ("date".equals(timeType) == false && "date_nanos".equals(timeType) == false) {
                    throw new IllegalArgumentException(
                        String.format(
                            Locale.ROOT,
                            "[most_recent_by] field [%s] in index [%s] is %s; it must be a [date] field (when each basket was last written)",
                            config.mostRecentBy(),
                            index,
                            time == null ? "not mapped" : "of type [" + timeType + "]"
                        )
                    );
                }
            }
        }
        return shards;
    }

    /** The indices the dest alias points at now (all built here), empty when it does not exist yet. */
    List<String> checkDest(ClusterState state, IndicatorsBuildConfig config) {
        IndexAbstraction existing = state.metadata().getIndicesLookup().get(config.dest());
        if (existing == null) {
            return List.of();
        }
        if (existing.getType() != IndexAbstraction.Type.ALIAS) {
            throw new IllegalArgumentException(
                "[dest.index] ["
                    + config.dest()
                    + "] is an existing index; the build writes a new index and points an alias of that name at it, so name one that "
                    + "does not exist or an alias of an earlier build"
            );
        }
        List<String> current = new ArrayList<>();
        for (IndexMetadata index : existing.getIndices()) {
            if (IndicatorsIndex.isIndicatorsIndex(index) == false) {
                throw new IllegalArgumentException(
                    "[dest.index] alias ["
                        + config.dest()
                        + "] points at index ["
                        + index.getIndex().getName()
                        + "], which the indicators API did not build; it is left alone"
                );
            }
            current.add(index.getIndex().getName());
        }
        return current;
    }

    /**
     * Runs a whole build; the listener gets the summary once the alias points at the new index. A build that fails or is
     * cancelled leaves what it wrote in its index (not behind the alias); {@code resume} continues the newest such index
     * of the same dest and settings without computing its items again, and any build that completes deletes the other
     * unfinished ones.
     */
    public void build(ClusterState state, IndicatorsBuildConfig config, CancellableTask task, ActionListener<BuildSummary> listener) {
        long start = System.currentTimeMillis();
        int sourceShards;
        List<String> previous;
        List<String> unfinished;
        try {
            sourceShards = checkSource(state, config);
            previous = checkDest(state, config);
            unfinished = unfinishedBuilds(state, config, previous);
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        String resumed = config.resume() && unfinished.isEmpty() == false ? unfinished.get(0) : null;
        List<String> obsolete = new ArrayList<>(previous);
        unfinished.stream().filter(name -> name.equals(resumed) == false).forEach(obsolete::add);
        ActionListener<BuildSummary> failed = ActionListener.wrap(listener::onResponse, e -> {
            logger.warn("indicators build into [" + config.dest() + "] failed; what it wrote stays for a build with \"resume\": true", e);
            listener.onFailure(e);
        });
        ActionListener<String> ready = ActionListener.wrap(index -> writtenItems(index, new HashSet<>(), null, ActionListener.wrap(kept -> {
            listItems(config, new ArrayList<>(), null, ActionListener.wrap(items -> {
                List<Item> todo = items.stream().filter(item -> kept.contains(item.key()) == false).toList();
                long resumedItems = items.size() - todo.size();
                Run run = new Run(config, task, sourceShards, index, todo, start, resumedItems, ActionListener.wrap(summary -> {
                    switchAlias(config.dest(), index, previous, obsolete, summary, failed);
                }, failed::onFailure));
                run.start();
            }, failed::onFailure));
        }, failed::onFailure)), failed::onFailure);
        if (resumed != null) {
            ready.onResponse(resumed);
            return;
        }
        String index = IndicatorsIndex.backingIndex(config.dest(), start);
        CreateIndexRequest create = new CreateIndexRequest(index).settings(IndicatorsIndex.settingsJson(), XContentType.JSON)
            .mapping(IndicatorsIndex.mappingJson(config), XContentType.JSON);
        client.admin().indices().create(create, ActionListener.wrap(created -> ready.onResponse(index), listener::onFailure));
    }

    /**
     * Indices of earlier builds of this dest with the same source, field, size, min_doc_count, score and sample that never got the
     * alias (they failed or were cancelled), newest first; not those of a version whose documents had no {@code baskets}.
     */
    List<String> unfinishedBuilds(ClusterState state, IndicatorsBuildConfig config, List<String> current) {
        Map<String, Object> wanted = Map.of("source_index", config.sourceIndex(), "field", config.field(), "size", config.size(),
            "min_doc_count", config.minDocCount(), "score", IndicatorsIndex.scoreName(config.score()), "sample", IndicatorsIndex.sampleName(config));
        List<IndexMetadata> found = new ArrayList<>();
        String prefix = config.dest() + "-";
        for (IndexMetadata index : state.metadata().indices().values()) {
            String name = index.getIndex().getName();
            if (name.startsWith(prefix) == false || name.substring(prefix.length()).chars().allMatch(Character::isDigit) == false
                || current.contains(name)) {
                continue;
            }
            Map<?, ?> build = IndicatorsIndex.buildMeta(index);
            if (build != null && IndicatorsIndex.holdsBaskets(index) && wanted.entrySet().stream().allMatch(e -> String.valueOf(e.getValue()).equals(String.valueOf(build.get(e.getKey()))))) {
                found.add(index);
            }
        }
        found.sort(Comparator.comparingLong(IndexMetadata::getCreationDate).reversed());
        return found.stream().map(index -> index.getIndex().getName()).toList();
    }

    /** The items an index already holds (empty for a new one). */
    private void writtenItems(String index, Set<String> kept, Map<String, Object> after, ActionListener<Set<String>> listener) {
        CompositeAggregationBuilder composite = new CompositeAggregationBuilder("written", List.of(new TermsValuesSourceBuilder("item").field("item")))
            .size(PAGE_SIZE);
        if (after != null) {
            composite.aggregateAfter(after);
        }
        SearchSourceBuilder source = new SearchSourceBuilder().size(0).trackTotalHits(false).aggregation(composite);
        client.search(new SearchRequest(index).source(source), ActionListener.wrap(response -> {
            CompositeAggregation page = response.getAggregations().get("written");
            page.getBuckets().forEach(bucket -> kept.add((String) bucket.getKey().get("item")));
            if (page.getBuckets().size() < PAGE_SIZE || page.afterKey() == null) {
                listener.onResponse(kept);
            } else {
                threadPool.generic().execute(() -> writtenItems(index, kept, page.afterKey(), listener));
            }
        }, listener::onFailure));
    }

    /** Every item of the field with at least min_doc_count baskets (an item in fewer cannot share that many with another). */
    private void listItems(IndicatorsBuildConfig config, List<Item> items, Map<String, Object> after, ActionListener<List<Item>> listener) {
        CompositeAggregationBuilder composite = new CompositeAggregationBuilder(
            "items",
            List.of(new TermsValuesSourceBuilder("item").field(config.field()))
        ).size(PAGE_SIZE);
        if (after != null) {
            composite.aggregateAfter(after);
        }
        SearchSourceBuilder source = new SearchSourceBuilder().size(0).trackTotalHits(false).aggregation(composite);
        if (config.query() != null) {
            source.query(config.query());
        }
        client.search(new SearchRequest(config.sourceIndex()).source(source), ActionListener.wrap(response -> {
            CompositeAggregation page = response.getAggregations().get("items");
            for (CompositeAggregation.Bucket bucket : page.getBuckets()) {
                if (bucket.getDocCount() >= config.minDocCount()) {
                    items.add(new Item((String) bucket.getKey().get("item"), bucket.getDocCount()));
                }
            }
            if (page.getBuckets().size() < PAGE_SIZE || page.afterKey() == null) {
                if (config.maxItems() > 0 && items.size() > config.maxItems()) {
                    items.sort(Comparator.comparingLong(Item::docCount).reversed().thenComparing(Item::key));
                    listener.onResponse(List.copyOf(items.subList(0, config.maxItems())));
                } else {
                    listener.onResponse(items);
                }
            } else {
                threadPool.generic().execute(() -> listItems(config, items, page.afterKey(), listener));
            }
        }, listener::onFailure));
    }

    private void switchAlias(String alias, String index, List<String> previous, List<String> obsolete, BuildSummary summary, ActionListener<BuildSummary> listener) {
        client.admin().indices().refresh(new RefreshRequest(index), ActionListener.wrap(refreshed -> {
            IndicesAliasesRequest aliases = new IndicesAliasesRequest();
            aliases.addAliasAction(IndicesAliasesRequest.AliasActions.add().index(index).alias(alias));
            for (String old : previous) {
                aliases.addAliasAction(IndicesAliasesRequest.AliasActions.remove().index(old).alias(alias));
            }
            client.admin().indices().aliases(aliases, ActionListener.wrap(switched -> {
                if (obsolete.isEmpty()) {
                    listener.onResponse(summary);
                    return;
                }
                // the alias has moved: a failure to delete the old indices leaves them behind, it does not fail the build
                client.admin().indices().delete(new DeleteIndexRequest(obsolete.toArray(String[]::new)), ActionListener.wrap(deleted -> {
                    listener.onResponse(summary);
                }, e -> {
                    logger.warn("indicators build: could not delete the previous indices " + obsolete, e);
                    listener.onResponse(summary);
                }));
            }, listener::onFailure));
        }, listener::onFailure));
    }


    /** One build's progress: {@code parallelism} workers take the next item until none is left. */
    private final class Run {

        /** The request. */
        private final IndicatorsBuildConfig config;
        /** Checked between items: a cancelled build stops. */
        private final CancellableTask task;
        /** One shard: a single search per item is exact. */
        private final boolean singleShard;
        /** The index being written. */
        private final String index;
        /** The anchor items, in the order they are computed. */
        private final List<Item> items;
        /** Build start, epoch milliseconds (also the documents' built_at). */
        private final long start;
        /** Told once, when every worker has stopped and the last bulk is written. */
        private final ActionListener<BuildSummary> listener;
        /** The next item to take. */
        private final AtomicInteger next = new AtomicInteger();
        /** Workers still running. */
        private final AtomicInteger running;
        /** Documents waiting for a bulk write. */
        private final Queue<IndexRequest> pending = new ConcurrentLinkedQueue<>();
        /** Items an unfinished earlier build wrote, kept. */
        private final long resumedItems;
        /** Items computed, and of those, items with at least one indicator (the task's progress). */
        private final AtomicLong done = new AtomicLong();
        private final AtomicLong withIndicators = new AtomicLong();
        /** Documents written (items with at least one indicator). */
        private final AtomicLong written = new AtomicLong();
        /** Indicators written, all items together. */
        private final AtomicLong indicators = new AtomicLong();
        /** Baskets in the background, as the aggregation counted them. */
        private final AtomicLong baskets = new AtomicLong();
        /** The first failure; workers stop when it is set. */
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        Run(IndicatorsBuildConfig config, CancellableTask task, int sourceShards, String index, List<Item> items, long start, long resumedItems,
            ActionListener<BuildSummary> listener) {
            this.config = config;
            this.resumedItems = resumedItems;
            this.task = task;
            this.singleShard = sourceShards == 1;
            this.index = index;
            this.items = items;
            this.start = start;
            this.listener = listener;
            this.running = new AtomicInteger(Math.max(1, Math.min(config.parallelism(), items.size())));
        }

        void start() {
            int workers = running.get();
            for (int i = 0; i < workers; i++) {
                threadPool.generic().execute(this::work);
            }
        }

        /** Takes the next item, or stops this worker. */
        private void work() {
            if (task != null && task.isCancelled()) {
                failure.compareAndSet(null, new TaskCancelledException("indicators build cancelled"));
            }
            int i = next.getAndIncrement();
            if (failure.get() != null || i >= items.size()) {
                stopWorker();
                return;
            }
            Item item = items.get(i);
            compute(item, ActionListener.wrap(result -> {
                baskets.set(result.getBgCount());
                Map<String, Object> doc = IndicatorsIndex.document(item.key(), item.docCount(), result, start);
                if (doc != null) {
                    pending.add(new IndexRequest(index).id(item.key()).source(doc));
                    indicators.addAndGet(result.getBuckets().size());
                    withIndicators.incrementAndGet();
                }
                long finished = done.incrementAndGet();
                if (task instanceof IndicatorsBuildTask build) {
                    build.progress(resumedItems + items.size(), resumedItems + finished, resumedItems + withIndicators.get());
                }
                if (pending.size() >= BULK_SIZE) {
                    flush(ActionListener.wrap(ignored -> threadPool.generic().execute(this::work), this::fail));
                } else {
                    threadPool.generic().execute(this::work);
                }
            }, this::fail));
        }

        private void compute(Item item, ActionListener<InternalCooccurrence> listener) {
            CooccurrenceAggregationBuilder aggregation = new CooccurrenceAggregationBuilder(AGGREGATION).field(config.field())
                .anchors(List.of(item.key()))
                .size(config.size())
                .minDocCount(config.minDocCount())
                .score(config.score());
            if (config.sampleSize() > 0) {
                aggregation.sampleSize(config.sampleSize());
            }
            QueryBuilder query = config.query();
            if (query != null) {
                aggregation.backgroundFilter(query);
            }
            // the sample's order: its most recent baskets, at the build's start, or the first ones a shard holds
            QueryBuilder sampled = config.mostRecentBy() == null ? query : MostRecentFirst.query(query, config.mostRecentBy(), start);
            if (singleShard) {
                SearchSourceBuilder source = new SearchSourceBuilder().size(0).trackTotalHits(false).aggregation(aggregation);
                if (sampled != null) {
                    source.query(sampled);
                }
                client.search(
                    new SearchRequest(config.sourceIndex()).source(source),
                    ActionListener.wrap(response -> listener.onResponse(response.getAggregations().get(AGGREGATION)), listener::onFailure)
                );
            } else {
                ExactCooccurrence.search(client, config.sourceIndex(), sampled, aggregation, listener);
            }
        }

        private void fail(Exception e) {
            failure.compareAndSet(null, e);
            stopWorker();
        }

        private void stopWorker() {
            if (running.decrementAndGet() > 0) {
                return;
            }
            if (failure.get() != null) {
                listener.onFailure(failure.get());
                return;
            }
            flush(ActionListener.wrap(ignored -> {
                long took = System.currentTimeMillis() - start;
                listener.onResponse(new BuildSummary(config.dest(), index, took, resumedItems + items.size(), resumedItems + written.get(), indicators.get(),
                    baskets.get(), resumedItems));
            }, listener::onFailure));
        }

        /** Writes what is pending (possibly nothing). */
        private void flush(ActionListener<Void> done) {
            BulkRequest bulk = new BulkRequest();
            for (IndexRequest request = pending.poll(); request != null; request = pending.poll()) {
                bulk.add(request);
            }
            if (bulk.numberOfActions() == 0) {
                done.onResponse(null);
                return;
            }
            int documents = bulk.numberOfActions();
            client.bulk(bulk, ActionListener.wrap(response -> {
                if (response.hasFailures()) {
                    done.onFailure(new IllegalStateException("indicators build: writing to [" + index + "] failed: " + response.buildFailureMessage()));
                } else {
                    written.addAndGet(documents);
                    done.onResponse(null);
                }
            }, done::onFailure));
        }
    }
}
