package io.recsys.opensearch.query;

import io.recsys.opensearch.candidate.RecommendSpec;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.SetOnce;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryRewriteContext;
import org.opensearch.index.query.QueryShardContext;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@code recommend} query. It holds the request and validates it; on the coordinating node its rewrite runs the
 * recall pipeline asynchronously (profile lookup, sources, features, fusion, rules, re-ranking) and becomes a
 * {@link CandidatesQueryBuilder}, which is what the shards execute. It never runs a blocking call on a search thread.
 */
public final class RecommendQueryBuilder extends AbstractQueryBuilder<RecommendQueryBuilder> {

    public static final String NAME = "recommend";

    /** What the user asked for. */
    private final RecommendSpec spec;
    /** The node's recommend machinery (cluster state, pools, stats, models); handed over by the plugin's parser. */
    private final RecommendService service;
    /** The pipeline's result once it ran; null before it was started. */
    private final Supplier<CandidatesQueryBuilder> result;

    public RecommendQueryBuilder(RecommendSpec spec, RecommendService service) {
        this(spec, service, null);
    }

    private RecommendQueryBuilder(RecommendSpec spec, RecommendService service, Supplier<CandidatesQueryBuilder> result) {
        this.spec = Objects.requireNonNull(spec);
        this.service = service;
        this.result = result;
    }

    public RecommendQueryBuilder(StreamInput in, RecommendService service) throws IOException {
        super(in);
        this.spec = new RecommendSpec(in);
        this.service = service;
        this.result = null;
    }

    public RecommendSpec spec() {
        return spec;
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        spec.writeTo(out);
    }

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(NAME);
        spec.toXContent(builder, params);
        printBoostAndQueryName(builder);
        builder.endObject();
    }

    @Override
    protected QueryBuilder doRewrite(QueryRewriteContext context) throws IOException {
        if (result != null) {
            CandidatesQueryBuilder candidates = result.get();
            return candidates == null ? this : candidates.boost(boost()).queryName(queryName());
        }
        // Inner queries first (a terms lookup inside them fetches too); the rewrite loop comes back here.
        QueryBuilder query = spec.query() == null ? null : spec.query().rewrite(context);
        QueryBuilder filter = spec.filter() == null ? null : spec.filter().rewrite(context);
        if (query != spec.query() || filter != spec.filter()) {
            return copy(spec.withQueries(query, filter), null);
        }
        if (context.convertToShardContext() != null) {
            return this; // shards never fetch: the coordinating node rewrites before sending
        }
        if (service == null) {
            throw new IllegalStateException("[recommend] cannot run here: the opensearch-recsys plugin is not initialized on this node");
        }
        SetOnce<CandidatesQueryBuilder> holder = new SetOnce<>();
        context.registerAsyncAction((client, listener) -> service.recommend(spec, client, ActionListener.wrap(candidates -> {
            holder.set(candidates);
            listener.onResponse(null);
        }, listener::onFailure)));
        return copy(spec, holder::get);
    }

    private RecommendQueryBuilder copy(RecommendSpec newSpec, Supplier<CandidatesQueryBuilder> newResult) {
        RecommendQueryBuilder copy = new RecommendQueryBuilder(newSpec, service, newResult);
        copy.boost(boost()).queryName(queryName());
        return copy;
    }

    @Override
    protected Query doToQuery(QueryShardContext context) {
        throw new IllegalStateException("[recommend] must be rewritten on the coordinating node before it runs on a shard");
    }

    @Override
    protected boolean doEquals(RecommendQueryBuilder other) {
        return spec.equals(other.spec) && Objects.equals(result, other.result);
    }

    @Override
    protected int doHashCode() {
        return Objects.hash(spec, result);
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }
}
