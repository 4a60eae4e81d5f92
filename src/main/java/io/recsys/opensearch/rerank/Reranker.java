package io.recsys.opensearch.rerank;

import io.recsys.opensearch.candidate.Candidate;
import io.recsys.opensearch.candidate.RecommendSpec;
import io.recsys.opensearch.candidate.ShopperRegime;
import io.recsys.opensearch.recommender.RecommenderConfig;
import org.opensearch.core.action.ActionListener;

import java.util.List;

/** The re-ranking stage of a recommend request: the model registry plugs in here ({@link ModelReranker}). */
public interface Reranker {

    /** Leaves the fused order as it is: no model scores the candidates. */
    Reranker FUSED_ORDER = (spec, config, regime, fused, notes, listener) -> listener.onResponse(Reranked.fused(fused));

    /**
     * @param spec   the request (its {@code rerank} part names a model and the window)
     * @param config the recommender (its {@code model} when the request names none)
     * @param regime the shopper's regime at the request's moment: a model re-ranks only the regimes it declared
     * @param fused  the candidates in fused order, with their features when a model reads them
     * @param notes  where to say why a model did not score (explain, the response header)
     */
    void rerank(RecommendSpec spec, RecommenderConfig config, ShopperRegime regime, List<Candidate> fused, List<String> notes,
        ActionListener<Reranked> listener);
}
