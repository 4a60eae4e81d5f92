package io.recsys.opensearch.candidate;

import io.recsys.opensearch.catalogread.DocAddress;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One recommended item after recall, fusion, rules and re-ranking, as sent to the shards: its final score and what
 * explains it.
 *
 * @param id           item id (catalog id field)
 * @param score        final score: the {@code _score} of the hit
 * @param fused        deterministic fusion score of the sources (reciprocal-rank fusion)
 * @param sourceRanks  1-based rank of the item in each source (index = {@link Source#ordinal()}), 0 when absent
 * @param features     feature values (index = {@link Feature#ordinal()}), or {@link #NO_FEATURES} when nothing reads them
 * @param modelScore   raw model output, or NaN when the item was not re-ranked
 * @param address      the catalog document the recall's reads found for it, or null (the shards look its id up)
 * @param rule         the merchandising rule that moved it ({@link Rules}), or null
 * @param sourceScores each source's score of it divided by the source's best in the request (0..1, index =
 *                     {@link Source#ordinal()}, 0 when absent): what score fusion ({@link FusionMethod#SCORES}) adds up
 */
public record Candidate(String id, float score, float fused, int[] sourceRanks, float[] features, float modelScore, DocAddress address, String rule,
    float[] sourceScores) implements Writeable {

    /** The features of a candidate whose request neither re-ranks nor shows them. */
    public static final float[] NO_FEATURES = new float[0];

    /** A candidate no rule moved, fused from its sources' ranks and {@code sourceScores}. */
    public Candidate(String id, float score, float fused, int[] sourceRanks, float[] sourceScores, float[] features, float modelScore,
        DocAddress address) {
        this(id, score, fused, sourceRanks, features, modelScore, address, null, sourceScores);
    }

    /** A candidate no rule moved, whose sources' scores are not known (fused from ranks, or pinned). */
    public Candidate(String id, float score, float fused, int[] sourceRanks, float[] features, float modelScore, DocAddress address) {
        this(id, score, fused, sourceRanks, new float[sourceRanks.length], features, modelScore, address);
    }

    public Candidate(StreamInput in) throws IOException {
        this(in.readString(), in.readFloat(), in.readFloat(), in.readVIntArray(), in.readFloatArray(), in.readFloat(), in.readOptionalWriteable(DocAddress::new),
            in.readOptionalString(), in.readFloatArray());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(id);
        out.writeFloat(score);
        out.writeFloat(fused);
        out.writeVIntArray(sourceRanks);
        out.writeFloatArray(features);
        out.writeFloat(modelScore);
        out.writeOptionalWriteable(address);
        out.writeOptionalString(rule);
        out.writeFloatArray(sourceScores);
    }

    public boolean from(Source source) {
        return sourceRanks[source.ordinal()] > 0;
    }

    public float feature(Feature feature) {
        return features[feature.ordinal()];
    }

    public Candidate withScore(float newScore) {
        return new Candidate(id, newScore, fused, sourceRanks, features, modelScore, address, rule, sourceScores);
    }

    public Candidate withModelScore(float newModelScore, float newScore) {
        return new Candidate(id, newScore, fused, sourceRanks, features, newModelScore, address, rule, sourceScores);
    }

    /** This candidate, moved by a merchandising rule (described for explain) to the score given. */
    public Candidate movedBy(String newRule, float newScore) {
        return new Candidate(id, newScore, fused, sourceRanks, features, modelScore, address, newRule, sourceScores);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Candidate c
            && id.equals(c.id)
            && Float.compare(score, c.score) == 0
            && Float.compare(fused, c.fused) == 0
            && Arrays.equals(sourceRanks, c.sourceRanks)
            && Arrays.equals(features, c.features)
            && Float.compare(modelScore, c.modelScore) == 0
            && Objects.equals(address, c.address)
            && Objects.equals(rule, c.rule)
            && Arrays.equals(sourceScores, c.sourceScores);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * id.hashCode() + Float.hashCode(score)) + Arrays.hashCode(features);
    }

    @Override
    public String toString() {
        return id + ":" + score;
    }
}
