package io.recsys.opensearch.query;

import io.recsys.opensearch.candidate.Candidate;
import io.recsys.opensearch.candidate.FusionMethod;
import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.catalogread.IdPostings;
import io.recsys.opensearch.catalogread.ReaderIdentity;
import io.recsys.opensearch.rerank.Fusion;
import io.recsys.opensearch.recall.RecommendResult;
import io.recsys.opensearch.recommender.FusionWeights;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;
import org.opensearch.common.lucene.search.Queries;
import org.opensearch.core.ParseField;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.index.shard.ShardId;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.QueryShardContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@code recommend} query becomes once the coordinating node has recalled, scored and ordered the candidates:
 * the candidate ids with their final scores and the data that explains them. Shards only look the ids up, so every
 * shard scores a candidate the same way and pages are stable.
 */
public final class CandidatesQueryBuilder extends AbstractQueryBuilder<CandidatesQueryBuilder> {

    public static final String NAME = "recommend_candidates";

    /** Catalog field holding item ids ({@code _id} or a keyword field). */
    private final String idField;
    /** Candidates in final order. */
    private final List<Candidate> candidates;
    /** The fallback taken (no profile, empty profile), or null. */
    private final String fallback;
    /** What else a reader of explain should know (a source cut off by its time budget, a model failure). */
    private final List<String> notes;
    /** Model that re-ranked, or null when the fused order stands. */
    private final String model;
    /** Version of that model (0 when none): every re-ranked candidate of a request was scored by this one version. */
    private final long modelVersion;
    /** Recommender that answered (names the feature-log index); null when unknown. */
    private final String recommender;
    /** The user as resolved (profile id), or as given when unknown; for the feature log. */
    private final String user;
    /** The recommender's weight of each source in the fused order, for explain. */
    private final FusionWeights fusion;
    /** How the sources were fused (by rank, or by score in a session), for explain. */
    private final FusionMethod fusionMethod;

    public CandidatesQueryBuilder(String idField, List<Candidate> candidates, String fallback, List<String> notes, String model) {
        this(idField, candidates, fallback, notes, model, 0, null, null, FusionWeights.DEFAULTS, FusionMethod.RECIPROCAL_RANK);
    }

    public CandidatesQueryBuilder(
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
    ) {
        this.idField = Objects.requireNonNull(idField);
        this.candidates = List.copyOf(candidates);
        this.fallback = fallback;
        this.notes = List.copyOf(notes);
        this.model = model;
        this.modelVersion = modelVersion;
        this.recommender = recommender;
        this.user = user;
        this.fusion = Objects.requireNonNull(fusion);
        this.fusionMethod = Objects.requireNonNull(fusionMethod);
    }

    /** The query of a pipeline's result. */
    public static CandidatesQueryBuilder of(RecommendResult result) {
        return new CandidatesQueryBuilder(result.idField(), result.candidates(), result.fallback(), result.notes(), result.model(),
            result.modelVersion(), result.recommender(), result.user(), result.fusion(),
            result.fusionMethod());
    }

    public CandidatesQueryBuilder(StreamInput in) throws IOException {
        super(in);
        this.idField = in.readString();
        this.candidates = in.readList(Candidate::new);
        this.fallback = in.readOptionalString();
        this.notes = in.readStringList();
        this.model = in.readOptionalString();
        this.modelVersion = in.readVLong();
        this.recommender = in.readOptionalString();
        this.user = in.readOptionalString();
        this.fusion = new FusionWeights(in);
        this.fusionMethod = in.readEnum(FusionMethod.class);
    }

    public String idField() {
        return idField;
    }

    public long modelVersion() {
        return modelVersion;
    }

    public String recommender() {
        return recommender;
    }

    public String user() {
        return user;
    }

    public List<Candidate> candidates() {
        return candidates;
    }

    public String fallback() {
        return fallback;
    }

    public List<String> notes() {
        return notes;
    }

    public String model() {
        return model;
    }

    public FusionWeights fusion() {
        return fusion;
    }

    public FusionMethod fusionMethod() {
        return fusionMethod;
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        out.writeString(idField);
        out.writeList(candidates);
        out.writeOptionalString(fallback);
        out.writeStringCollection(notes);
        out.writeOptionalString(model);
        out.writeVLong(modelVersion);
        out.writeOptionalString(recommender);
        out.writeOptionalString(user);
        fusion.writeTo(out);
        out.writeEnum(fusionMethod);
    }

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(NAME);
        builder.field("id_field", idField);
        builder.field("fallback", fallback);
        builder.field("notes", notes);
        builder.field("model", model);
        builder.field("model_version", modelVersion);
        builder.field("recommender", recommender);
        builder.field("user", user);
        builder.field("fusion_weights", fusion, params);
        builder.field("fusion_method", fusionMethod.jsonName());
        builder.startArray("candidates");
        for (Candidate candidate : candidates) {
            builder.startObject().field("id", candidate.id()).field("score", candidate.score()).endObject();
        }
        builder.endArray();
        printBoostAndQueryName(builder);
        builder.endObject();
    }

    /** The rewritten form is produced by {@code recommend}, never written by users. */
    public static CandidatesQueryBuilder fromXContent(XContentParser parser) {
        throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] is produced by the [recommend] query and cannot be sent directly");
    }

    @Override
    protected Query doToQuery(QueryShardContext context) {
        if (candidates.isEmpty()) {
            return Queries.newMatchNoDocsQuery("no recommendation candidates");
        }
        ShardId shard = context.index() == null ? null : new ShardId(context.index(), context.getShardId());
        long reader = context.getIndexReader() == null ? ReaderIdentity.UNKNOWN : ReaderIdentity.of(context.getIndexReader());
        CandidateDocs docs = CandidateDocs.of(candidates, shard, reader);
        BytesRef[] terms = new BytesRef[candidates.size()]; // only the candidates looked up by id need their term
        for (int i : docs.toLookUp()) {
            terms[i] = IdPostings.term(idField, candidates.get(i).id());
        }
        float[] scores = new float[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = candidates.get(i).score();
        }
        return new CandidateScoresQuery(idField, terms, scores, i -> explain(candidates.get(i), i + 1), docs);
    }

    /** The breakdown shown by {@code explain: true}: sources, fusion, model, features, the rule that moved it, fallback. */
    Explanation explain(Candidate candidate, int rank) {
        List<Explanation> details = new ArrayList<>();
        List<Explanation> sources = new ArrayList<>();
        for (Source source : Source.values()) {
            int sourceRank = candidate.sourceRanks()[source.ordinal()];
            if (sourceRank > 0) {
                float normalized = candidate.sourceScores()[source.ordinal()];
                String how = fusionMethod == FusionMethod.SCORES
                    ? "], score ÷ the source's best [" + normalized + "], contribution = weight × that ÷ the weights' sum [" + Fusion.totalWeight(fusion) + "]"
                    : "], contribution = weight / (" + Fusion.RANK_CONSTANT + " + rank)";
                sources.add(Explanation.match(Fusion.contribution(fusionMethod, source, sourceRank, normalized, fusion),
                    "source [" + source.jsonName() + "] rank [" + sourceRank + "], weight [" + Fusion.weight(source, fusion) + how));
            }
        }
        details.add(Explanation.match(candidate.fused(), Fusion.describe(fusionMethod), sources));
        if (Float.isNaN(candidate.modelScore()) == false) {
            details.add(Explanation.match(candidate.modelScore(), "model [" + model + "] version [" + modelVersion + "] output; score = 1 + sigmoid(output)"));
        }
        if (candidate.features().length == Feature.values().length) {
            List<Explanation> features = new ArrayList<>();
            for (Feature feature : Feature.values()) {
                features.add(Explanation.match(candidate.feature(feature), "feature [" + feature.jsonName() + "]"));
            }
            details.add(Explanation.match(0f, "features (contract " + Feature.CONTRACT_VERSION + ")", features));
        } else {
            details.add(Explanation.match(0f, "features: not computed (no model re-ranked this request and it did not ask to explain when it was rewritten)"));
        }
        if (candidate.rule() != null) {
            details.add(Explanation.match(candidate.score(), "moved by merchandising rule: " + candidate.rule()));
        }
        if (fallback != null) {
            details.add(Explanation.match(0f, "fallback [" + fallback + "]"));
        }
        for (String note : notes) {
            details.add(Explanation.match(0f, note));
        }
        String how = Float.isNaN(candidate.modelScore()) ? "fused order" : "re-ranked by model [" + model + "] version [" + modelVersion + "]";
        if (candidate.rule() != null) {
            how += ", then " + candidate.rule();
        }
        return Explanation.match(candidate.score(), "recommend: candidate [" + candidate.id() + "] at rank [" + rank + "], " + how, details);
    }

    @Override
    protected boolean doEquals(CandidatesQueryBuilder other) {
        return idField.equals(other.idField)
            && candidates.equals(other.candidates)
            && Objects.equals(fallback, other.fallback)
            && notes.equals(other.notes)
            && Objects.equals(model, other.model)
            && modelVersion == other.modelVersion
            && Objects.equals(recommender, other.recommender)
            && Objects.equals(user, other.user)
            && fusion.equals(other.fusion)
            && fusionMethod == other.fusionMethod;
    }

    @Override
    protected int doHashCode() {
        return Objects.hash(idField, candidates, fallback, notes, model, modelVersion, recommender, user, fusion, fusionMethod);
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    static final ParseField NAME_FIELD = new ParseField(NAME);
}
