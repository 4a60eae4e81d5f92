package io.recsys.opensearch.query;

import io.recsys.opensearch.candidate.Candidate;
import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.recall.Fusion;
import io.recsys.opensearch.recommender.FusionWeights;
import org.apache.lucene.search.Explanation;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.test.OpenSearchTestCase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What the coordinating node sends the shards: it must arrive whole, weights included, and explain with them. */
public class CandidatesQueryBuilderTests extends OpenSearchTestCase {

    private static CandidatesQueryBuilder randomBuilder(FusionWeights weights) {
        List<Candidate> candidates = new ArrayList<>();
        int count = randomIntBetween(0, 20);
        for (int i = 0; i < count; i++) {
            int[] ranks = new int[Source.values().length];
            for (int s = 0; s < ranks.length; s++) {
                ranks[s] = randomBoolean() ? 0 : randomIntBetween(1, 500);
            }
            float fused = Fusion.score(ranks, weights);
            candidates.add(new Candidate("item-" + i, fused, fused, ranks, Candidate.NO_FEATURES, Float.NaN, null));
        }
        return new CandidatesQueryBuilder("_id", candidates, randomBoolean() ? null : "popular", List.of("a note"), null, 0, "shop", "u1", weights);
    }

    private static CandidatesQueryBuilder roundTrip(CandidatesQueryBuilder builder) throws IOException {
        try (BytesStreamOutput out = new BytesStreamOutput()) {
            builder.writeTo(out);
            try (StreamInput in = out.bytes().streamInput()) {
                return new CandidatesQueryBuilder(in);
            }
        }
    }

    public void testTheShardsReceiveWhatTheCoordinatorSent() throws IOException {
        FusionWeights weights = new FusionWeights(randomFloat(), randomFloat() * 3, 1, 1, 0.5f, randomFloat());
        CandidatesQueryBuilder sent = randomBuilder(weights);
        CandidatesQueryBuilder received = roundTrip(sent);
        assertEquals(sent, received);
        assertEquals(sent.hashCode(), received.hashCode());
        assertEquals(sent.candidates(), received.candidates());
    }

    public void testOtherFusionWeightsMakeAnotherQuery() throws IOException {
        CandidatesQueryBuilder sent = randomBuilder(FusionWeights.DEFAULTS);
        CandidatesQueryBuilder other = new CandidatesQueryBuilder(sent.idField(), sent.candidates(), sent.fallback(), sent.notes(), sent.model(),
            sent.modelVersion(), sent.recommender(), sent.user(), new FusionWeights(1, 1, 1, 1, 0.5f, 0.5f));
        assertNotEquals(sent, other);
    }

    public void testExplainShowsEachSourcesWeightAndContribution() {
        int[] ranks = new int[Source.values().length];
        ranks[Source.COOCCURRENCE.ordinal()] = 1;
        ranks[Source.KNN.ordinal()] = 4;
        FusionWeights weights = new FusionWeights(0.5f, 3, 1, 1, 0.5f, 0.5f);
        float fused = Fusion.score(ranks, weights);
        assertEquals(3f / 61 + 0.5f / 64, fused, 1e-7);
        Candidate candidate = new Candidate("sku-1", fused, fused, ranks, Candidate.NO_FEATURES, Float.NaN, null);
        CandidatesQueryBuilder builder = new CandidatesQueryBuilder("_id", List.of(candidate), null, List.of(), null, 0, "shop", "u1", weights);
        Explanation explanation = builder.explain(candidate, 1);
        String text = explanation.toString();
        assertTrue(text, text.contains("source [cooccurrence] rank [1], weight [3.0]"));
        assertTrue(text, text.contains("source [knn] rank [4], weight [0.5]"));
        assertEquals(fused, explanation.getValue().floatValue(), 1e-7);
    }
}
