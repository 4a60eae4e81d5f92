/**
 * What the stages of a {@code recommend} request hand each other: the parsed request ({@link
 * io.recsys.opensearch.candidate.RecommendSpec}), the recall sources ({@link io.recsys.opensearch.candidate.Source}),
 * the candidates ({@link io.recsys.opensearch.candidate.Candidate}) and their features ({@link
 * io.recsys.opensearch.candidate.Feature}). Value types only: the query layer ({@code query}) parses into them, the
 * pipeline ({@code recall}) fills them, re-ranking ({@code rerank}) and the feature log ({@code featurelog}) read them;
 * this package imports none of those.
 */
package io.recsys.opensearch.candidate;
