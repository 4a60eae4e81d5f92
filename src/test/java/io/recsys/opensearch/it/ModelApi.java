package io.recsys.opensearch.it;

import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.candidate.ShopperRegime;
import io.recsys.opensearch.model.OnnxGraphs;
import io.recsys.opensearch.transport.model.DeleteModelAction;
import io.recsys.opensearch.transport.model.DeleteModelRequest;
import io.recsys.opensearch.transport.model.GetModelsAction;
import io.recsys.opensearch.transport.model.GetModelsRequest;
import io.recsys.opensearch.transport.model.GetModelsResponse;
import io.recsys.opensearch.transport.model.ModelAliasesAction;
import io.recsys.opensearch.transport.model.ModelAliasesRequest;
import io.recsys.opensearch.transport.model.PutModelAction;
import io.recsys.opensearch.transport.model.PutModelRequest;
import io.recsys.opensearch.transport.model.PutModelResponse;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.transport.client.Client;

import java.util.List;
import java.util.Set;

/** Test shorthand for the model registry's actions, through a real node's client. */
final class ModelApi {

    private ModelApi() {}

    static final List<String> ALL_FEATURES = Feature.allNames();

    static PutModelResponse put(Client client, String id, List<String> features, byte[] model) {
        return put(client, id, features, model, ShopperRegime.all());
    }

    /** A model that re-ranks only the given regimes. */
    static PutModelResponse put(Client client, String id, List<String> features, byte[] model, Set<ShopperRegime> regimes) {
        return client.execute(PutModelAction.INSTANCE, new PutModelRequest(id, features, "test model " + id, new BytesArray(model), false, regimes))
            .actionGet();
    }

    /** A linear model over all contract features with one weight on one feature. */
    static byte[] weightOn(Feature feature, float weight) {
        float[] weights = new float[Feature.values().length];
        weights[feature.ordinal()] = weight;
        return OnnxGraphs.linear(weights, 0f);
    }

    static GetModelsResponse list(Client client) {
        return client.execute(GetModelsAction.INSTANCE, new GetModelsRequest((String) null)).actionGet();
    }

    static GetModelsResponse get(Client client, String name) {
        return client.execute(GetModelsAction.INSTANCE, new GetModelsRequest(name)).actionGet();
    }

    static void delete(Client client, String id) {
        client.execute(DeleteModelAction.INSTANCE, new DeleteModelRequest(id)).actionGet();
    }

    static void alias(Client client, String alias, String modelId) {
        client.execute(ModelAliasesAction.INSTANCE, new ModelAliasesRequest(List.of(new ModelAliasesRequest.AliasAction(true, alias, modelId)))).actionGet();
    }

    static void removeAlias(Client client, String alias) {
        client.execute(ModelAliasesAction.INSTANCE, new ModelAliasesRequest(List.of(new ModelAliasesRequest.AliasAction(false, alias, null)))).actionGet();
    }

    /** Deletes every alias, then every model (tests leave the registry empty). */
    static void clear(Client client) {
        GetModelsResponse all = list(client);
        for (GetModelsResponse.Entry entry : all.entries()) {
            for (String alias : entry.aliases()) {
                removeAlias(client, alias);
            }
            delete(client, entry.model().id());
        }
    }
}
