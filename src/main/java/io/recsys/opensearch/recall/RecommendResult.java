package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.Candidate;
import io.recsys.opensearch.candidate.FusionMethod;
import io.recsys.opensearch.recommender.FusionWeights;

import java.util.List;

/**
 * What the {@link RecommendPipeline} answers for one request: the candidates in final order, and what explain, the
 * feature log and the stats say about them. The query layer turns it into the query the shards score.
 *
 * @param idField      the catalog's id field, where the shards find the candidates
 * @param candidates   the candidates in final order
 * @param fallback     the fallback the request took (no profile, empty profile), or null
 * @param notes        what left a source or the model out
 * @param model        the model that re-ranked, or null for the fused order
 * @param modelVersion its version, 0 without a model
 * @param recommender  the recommender's name
 * @param user         the profile the request resolved to (or the identity asked for, or the page-only marker)
 * @param fusion       the recommender's fusion weights (explain shows each source's share)
 * @param fusionMethod how the sources were fused: by rank, or by score for a shopper in a session
 */
public record RecommendResult(
    String idField,
    List<Candidate> candidates,
    String fallback,
    List<String> notes,
    String model,
    long modelVersion,
    String recommender,
    String user,
    FusionWeights fusion,
    FusionMethod fusionMethod
) {}
