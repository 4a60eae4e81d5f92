package io.recsys.opensearch.access;

import io.recsys.opensearch.model.ModelStore;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.settings.RecsysSettings;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.DocWriteRequest;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.support.ActionFilter;
import org.opensearch.action.support.ActionFilterChain;
import org.opensearch.cluster.metadata.IndexAbstraction;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.tasks.Task;

import java.util.HashSet;
import java.util.Set;

/**
 * Refuses document writes (index, create, update, delete, bulk) that target the plugin's own indices
 * ({@code recsys-{name}-profiles|identities|events|feature-log}, {@code .recsys-models}) unless the plugin itself makes
 * them ({@link SystemContext}). Those documents keep invariants only the plugin's APIs maintain (a profile and its
 * identity links, an identity and the user it belongs to, a model's validated bytes): a direct
 * {@code PUT recsys-shop-identities/_doc/app:dev-1 {"user_id": "victim"}} would route a device's events, and its
 * recommendations, to another user. Applies to every caller, with or without a security plugin, including roles that
 * may write any index; {@code recsys.indices.direct_writes: true} lifts it (repairs, restores by reindex).
 * Runs on the coordinating node, where the request names its target; an alias is followed to the indices behind it.
 */
public final class DirectWriteGuard implements ActionFilter {

    private final ClusterService clusterService;
    private final ThreadContext threadContext;
    /** Resolves date math in a target name ({@code <recsys-shop-{now/d}>}). */
    private final IndexNameExpressionResolver resolver;
    /** Current value of recsys.indices.direct_writes. */
    private volatile boolean directWritesAllowed;

    public DirectWriteGuard(ClusterService clusterService, ThreadContext threadContext, IndexNameExpressionResolver resolver) {
        this.clusterService = clusterService;
        this.resolver = resolver;
        this.threadContext = threadContext;
        this.directWritesAllowed = RecsysSettings.INDICES_DIRECT_WRITES.get(clusterService.getSettings());
        clusterService.getClusterSettings().addSettingsUpdateConsumer(RecsysSettings.INDICES_DIRECT_WRITES, v -> directWritesAllowed = v);
    }

    @Override
    public int order() {
        return 50; // after security-style filters (low orders): an unauthorized request is refused by them first
    }

    @Override
    public <Request extends ActionRequest, Response extends ActionResponse> void apply(
        Task task,
        String action,
        Request request,
        ActionListener<Response> listener,
        ActionFilterChain<Request, Response> chain
    ) {
        String owned = directWritesAllowed || SystemContext.isPluginRequest(threadContext) ? null : ownedTarget(request);
        if (owned != null) {
            listener.onFailure(new OpenSearchStatusException(
                "[" + owned + "] is written only through the opensearch-recsys APIs (events, identities/_link, profiles, models); "
                    + "direct document writes are refused (action [" + action + "]; an operator may allow them with "
                    + "[" + RecsysSettings.INDICES_DIRECT_WRITES.getKey() + "])",
                RestStatus.FORBIDDEN
            ));
            return;
        }
        chain.proceed(task, action, request, listener);
    }

    /** The first of the plugin's indices the request writes to, or null. Only top-level document writes are looked at. */
    private String ownedTarget(ActionRequest request) {
        if (request instanceof BulkRequest bulk) {
            Set<String> targets = new HashSet<>(); // a bulk of many documents names few indices: each is looked at once
            for (DocWriteRequest<?> item : bulk.requests()) {
                if (targets.add(item.index())) {
                    String owned = owned(item.index());
                    if (owned != null) {
                        return owned;
                    }
                }
            }
        } else if (request instanceof DocWriteRequest<?> write) {
            return owned(write.index());
        }
        return null;
    }

    private String owned(String target) {
        if (target == null) {
            return null;
        }
        String name = resolver.resolveDateMathExpression(target);
        if (isPluginIndex(name)) {
            return name;
        }
        Metadata metadata = clusterService.state().metadata();
        IndexAbstraction abstraction = metadata.getIndicesLookup().get(name);
        if (abstraction != null) {
            for (IndexMetadata index : abstraction.getIndices()) {
                if (isPluginIndex(index.getIndex().getName())) {
                    return index.getIndex().getName();
                }
            }
        }
        return null;
    }

    static boolean isPluginIndex(String name) {
        return RecommenderIndices.isOwned(name) || ModelStore.INDEX.equals(name);
    }
}
