package io.recsys.opensearch.query;

import io.recsys.opensearch.candidate.Candidate;
import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.candidate.FusionMethod;
import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.catalogread.DocAddress;
import io.recsys.opensearch.catalogread.IdPostings;
import io.recsys.opensearch.catalogread.ReaderIdentity;
import io.recsys.opensearch.plugin.RecsysPlugin;
import io.recsys.opensearch.rerank.Fusion;
import io.recsys.opensearch.recommender.FusionWeights;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.index.RandomIndexWriter;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.Strings;
import org.opensearch.core.index.Index;
import org.opensearch.core.index.shard.ShardId;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.index.mapper.IdFieldMapper;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.AbstractQueryTestCase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;

/**
 * What the coordinating node sends the shards: it must arrive whole, weights included, explain with them, and on a
 * shard match exactly the candidates with the scores the coordinating node computed. The framework's generic checks
 * (wire round trip, equals/hashCode, boost, _name, cacheability) run on random candidate lists.
 */
public class CandidatesQueryBuilderTests extends AbstractQueryTestCase<CandidatesQueryBuilder> {

    /** The message every JSON form of this query gets: users send {@code recommend}, never its rewritten form. */
    private static final String SENT_DIRECTLY = "[" + CandidatesQueryBuilder.NAME + "] is produced by the [recommend] query and cannot be sent directly";

    @Override
    protected Collection<Class<? extends Plugin>> getPlugins() {
        // the framework's own (geo_shape for its test mapping) and this plugin, which registers the query
        List<Class<? extends Plugin>> plugins = new ArrayList<>(super.getPlugins());
        plugins.add(RecsysPlugin.class);
        return plugins;
    }

    @Override
    protected CandidatesQueryBuilder doCreateTestQueryBuilder() {
        FusionWeights weights = randomBoolean() ? FusionWeights.DEFAULTS
            : new FusionWeights(randomFloat() * 3, randomFloat() * 3, randomFloat() * 3, randomFloat() * 3, randomFloat(), randomFloat());
        // _id, or a keyword field of the catalog holding the item id
        return randomBuilder(randomFrom(IdFieldMapper.NAME, KEYWORD_FIELD_NAME), weights);
    }

    private CandidatesQueryBuilder randomBuilder(String idField, FusionWeights weights) {
        boolean reranked = randomBoolean();
        FusionMethod method = randomFrom(FusionMethod.values());
        List<Candidate> candidates = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        int count = randomIntBetween(0, 20);
        while (ids.size() < count) {
            ids.add(randomAlphaOfLengthBetween(1, 8));
        }
        for (String id : ids) {
            int[] ranks = new int[Source.values().length];
            float[] sourceScores = new float[ranks.length];
            for (int s = 0; s < ranks.length; s++) {
                ranks[s] = randomBoolean() ? 0 : randomIntBetween(1, 500);
                sourceScores[s] = ranks[s] > 0 ? randomFloat() : 0f;
            }
            float fused = Fusion.score(method, ranks, sourceScores, weights);
            float[] features = Candidate.NO_FEATURES;
            float modelScore = Float.NaN;
            float score = fused;
            if (reranked) {
                features = new float[Feature.values().length];
                for (int f = 0; f < features.length; f++) {
                    features[f] = randomFloat();
                }
                modelScore = randomFloat() * 10 - 5;
                score = 1 + 1 / (1 + (float) Math.exp(-modelScore));
            }
            candidates.add(new Candidate(id, score, fused, ranks, sourceScores, features, modelScore, randomAddress()));
        }
        return new CandidatesQueryBuilder(
            idField,
            candidates,
            randomBoolean() ? null : randomFrom("no_profile", "empty_profile"),
            randomList(0, 2, () -> randomAlphaOfLengthBetween(3, 20)),
            reranked ? randomAlphaOfLengthBetween(1, 10) : null,
            reranked ? randomLongBetween(1, 50) : 0,
            randomBoolean() ? null : randomAlphaOfLengthBetween(1, 10),
            randomBoolean() ? null : randomAlphaOfLengthBetween(1, 10),
            weights,
            method
        );
    }

    /**
     * Where the recall's reads found a candidate: nowhere, in another index, in this index on another shard, or on
     * this shard in a reader other than the one a test searches (then the shard looks the id up).
     */
    private static DocAddress randomAddress() {
        return switch (randomIntBetween(0, 5)) {
            case 0 -> new DocAddress(new ShardId(new Index("other-catalog", "_na_"), 0), randomNonZeroLong(), randomIntBetween(0, 100));
            case 1 -> new DocAddress(new ShardId(getIndex(), randomIntBetween(1, 4)), randomNonZeroLong(), randomIntBetween(0, 100));
            case 2 -> new DocAddress(new ShardId(getIndex(), 0), randomNonZeroLong(), randomIntBetween(0, 100));
            default -> null;
        };
    }

    private static long randomNonZeroLong() {
        long value = randomLong();
        return value == ReaderIdentity.UNKNOWN ? 1 : value;
    }

    @Override
    public CandidatesQueryBuilder mutateInstance(CandidatesQueryBuilder q) throws IOException {
        List<Candidate> candidates = q.candidates();
        String fallback = q.fallback();
        List<String> notes = q.notes();
        String model = q.model();
        long modelVersion = q.modelVersion();
        String recommender = q.recommender();
        String user = q.user();
        String idField = q.idField();
        FusionWeights fusion = q.fusion();
        FusionMethod method = q.fusionMethod();
        switch (randomIntBetween(0, 10)) {
            case 0 -> idField = idField.equals(IdFieldMapper.NAME) ? KEYWORD_FIELD_NAME : IdFieldMapper.NAME;
            case 1 -> {
                candidates = new ArrayList<>(candidates);
                if (candidates.isEmpty()) {
                    candidates.add(new Candidate("added", 1, 1, new int[Source.values().length], Candidate.NO_FEATURES, Float.NaN, null));
                } else {
                    Candidate first = candidates.get(0);
                    candidates.set(0, first.withScore(first.score() + 1));
                }
            }
            case 2 -> fallback = fallback == null ? "no_profile" : null;
            case 3 -> notes = List.of(randomAlphaOfLength(21));
            case 4 -> model = model == null ? "a-model" : null;
            case 5 -> modelVersion = modelVersion + 1;
            case 6 -> recommender = recommender == null ? "shop" : null;
            case 7 -> user = user == null ? "u1" : null;
            case 8 -> fusion = new FusionWeights(fusion.knn() + 1, fusion.cooccurrence(), fusion.neighbors(), fusion.text(), fusion.popular(), fusion.trending());
            case 9 -> method = method == FusionMethod.SCORES ? FusionMethod.RECIPROCAL_RANK : FusionMethod.SCORES;
            default -> {
                return changeNameOrBoost(q);
            }
        }
        CandidatesQueryBuilder mutated = new CandidatesQueryBuilder(idField, candidates, fallback, notes, model, modelVersion, recommender, user, fusion,
            method);
        return mutated.boost(q.boost()).queryName(q.queryName());
    }

    /**
     * On a shard, the query matches the candidates whose catalog document lives there, each with the score computed on
     * the coordinating node, and nothing else. Checked by searching a real index holding the candidates and other items.
     */
    @Override
    protected void doAssertLuceneQuery(CandidatesQueryBuilder builder, Query query, QueryShardContext context) throws IOException {
        if (builder.candidates().isEmpty()) {
            assertThat(query, instanceOf(MatchNoDocsQuery.class));
            return;
        }
        assertThat(query, instanceOf(CandidateScoresQuery.class));
        Map<String, Float> expected = new HashMap<>();
        for (Candidate candidate : builder.candidates()) {
            if (livesOnAnotherShard(candidate, context)) {
                continue;
            }
            expected.put(candidate.id(), candidate.score());
        }
        List<String> catalog = new ArrayList<>();
        for (Candidate candidate : builder.candidates()) {
            catalog.add(candidate.id());
        }
        int others = randomIntBetween(0, 10);
        for (int i = 0; i < others; i++) {
            catalog.add("not-recommended-" + i);
        }
        assertEquals(expected, search(query, builder.idField(), catalog));
    }

    private static boolean livesOnAnotherShard(Candidate candidate, QueryShardContext context) {
        DocAddress address = candidate.address();
        return address != null && address.shard().getIndex().equals(context.index()) && address.shard().id() != context.getShardId();
    }

    /** Indexes the items (in random segments) under the id field and returns each hit's item id with its score. */
    private Map<String, Float> search(Query query, String idField, List<String> items) throws IOException {
        try (Directory directory = newDirectory(); RandomIndexWriter writer = new RandomIndexWriter(random(), directory)) {
            for (String item : randomSubsetOf(items.size(), items)) { // all of them, in random order
                Document doc = new Document();
                doc.add(new StringField(idField, IdPostings.term(idField, item), Field.Store.NO));
                doc.add(new StoredField("item", item));
                writer.addDocument(doc);
            }
            try (IndexReader reader = writer.getReader()) {
                return hits(new IndexSearcher(reader), query);
            }
        }
    }

    private static Map<String, Float> hits(IndexSearcher searcher, Query query) throws IOException {
        TopDocs top = searcher.search(query, Math.max(1, searcher.getIndexReader().maxDoc()));
        Map<String, Float> hits = new HashMap<>();
        for (ScoreDoc hit : top.scoreDocs) {
            hits.put(searcher.storedFields().document(hit.doc).get("item"), hit.score);
        }
        return hits;
    }

    /** A candidate the recall's catalog read found in the very reader the shard searches is taken at its document. */
    public void testCandidatesReadInThisReaderAreMatchedAtTheirDocuments() throws IOException {
        try (Directory directory = newDirectory(); RandomIndexWriter writer = new RandomIndexWriter(random(), directory)) {
            for (String item : List.of("a", "b", "c", "d")) {
                Document doc = new Document();
                doc.add(new StringField(IdFieldMapper.NAME, IdPostings.term(IdFieldMapper.NAME, item), Field.Store.NO));
                doc.add(new StoredField("item", item));
                writer.addDocument(doc);
            }
            try (DirectoryReader reader = writer.getReader()) {
                IndexSearcher searcher = new IndexSearcher(reader);
                QueryShardContext context = createShardContext(searcher);
                long identity = ReaderIdentity.of(reader);
                Map<String, Integer> docOf = new HashMap<>();
                for (int doc = 0; doc < reader.maxDoc(); doc++) {
                    docOf.put(searcher.storedFields().document(doc).get("item"), doc);
                }
                ShardId shard = new ShardId(context.index(), context.getShardId());
                int[] noRanks = new int[Source.values().length];
                List<Candidate> candidates = List.of(
                    new Candidate("b", 3f, 3f, noRanks, Candidate.NO_FEATURES, Float.NaN, new DocAddress(shard, identity, docOf.get("b"))),
                    new Candidate("d", 2f, 2f, noRanks, Candidate.NO_FEATURES, Float.NaN, null)
                );
                Query query = new CandidatesQueryBuilder(IdFieldMapper.NAME, candidates, null, List.of(), null).toQuery(context);
                assertEquals(Map.of("b", 3f, "d", 2f), hits(searcher, query));
                // what the search profile API shows
                assertEquals("CandidateScores(_id, 2 candidates: 1 found by the recall's reads, 1 looked up)", query.toString());
            }
        }
    }

    /** Users send {@code recommend}; its rewritten form is refused in every JSON form, its own output included. */
    @Override
    public void testFromXContent() throws IOException {
        assertSentDirectlyIsRefused(createTestQueryBuilder().toString());
    }

    /** The parser refuses before it reads any field, so an unknown field gets the same clear refusal. */
    @Override
    public void testUnknownField() throws IOException {
        assertSentDirectlyIsRefused("{\"" + CandidatesQueryBuilder.NAME + "\": {\"id_field\": \"_id\", \"bogusField\": \"someValue\"}}");
    }

    /** The same for an unknown object anywhere inside. */
    @Override
    public void testUnknownObjectException() throws IOException {
        assertSentDirectlyIsRefused("{\"" + CandidatesQueryBuilder.NAME + "\": {\"newField\": {\"candidates\": []}}}");
    }

    private void assertSentDirectlyIsRefused(String json) throws IOException {
        ParsingException e = expectThrows(ParsingException.class, () -> parseQuery(json));
        assertEquals(SENT_DIRECTLY, e.getMessage());
    }

    /**
     * Its JSON is never parsed, only read by people (a shard request's description, a shard failure): it lists the
     * candidates in final order with their scores, and what explains them.
     */
    @Override
    public void testValidOutput() throws IOException {
        int[] ranks = new int[Source.values().length];
        ranks[Source.KNN.ordinal()] = 1;
        List<Candidate> candidates = List.of(
            new Candidate("sku-2", 0.5f, 0.5f, ranks, Candidate.NO_FEATURES, Float.NaN, null),
            new Candidate("sku-1", 0.25f, 0.25f, ranks, Candidate.NO_FEATURES, Float.NaN, null)
        );
        CandidatesQueryBuilder builder = new CandidatesQueryBuilder("_id", candidates, "no_profile", List.of("a note"), "ranker", 3, "shop", "u1",
            FusionWeights.DEFAULTS, FusionMethod.RECIPROCAL_RANK);
        String json = Strings.toString(MediaTypeRegistry.JSON, builder);
        assertEquals("{\"recommend_candidates\":{\"id_field\":\"_id\",\"fallback\":\"no_profile\",\"notes\":[\"a note\"],\"model\":\"ranker\","
            + "\"model_version\":3,\"recommender\":\"shop\",\"user\":\"u1\",\"fusion_weights\":{\"knn\":1.0,\"cooccurrence\":3.0,\"neighbors\":1.0,"
            + "\"text\":1.0,\"popular\":0.5,\"trending\":0.5},\"fusion_method\":\"reciprocal_rank\",\"candidates\":[{\"id\":\"sku-2\",\"score\":0.5},{\"id\":\"sku-1\",\"score\":0.25}],\"boost\":1.0}}", json);
    }

    public void testTheShardsReceiveWhatTheCoordinatorSent() throws IOException {
        FusionWeights weights = new FusionWeights(randomFloat(), randomFloat() * 3, 1, 1, 0.5f, randomFloat());
        CandidatesQueryBuilder sent = randomBuilder(IdFieldMapper.NAME, weights);
        CandidatesQueryBuilder received = (CandidatesQueryBuilder) assertSerialization(sent);
        assertEquals(sent.candidates(), received.candidates());
        for (int i = 0; i < sent.candidates().size(); i++) {
            Candidate a = sent.candidates().get(i);
            Candidate b = received.candidates().get(i);
            assertArrayEquals(a.sourceRanks(), b.sourceRanks());
            assertArrayEquals(a.features(), b.features(), 0f);
            assertArrayEquals(a.sourceScores(), b.sourceScores(), 0f);
            assertEquals(a.address(), b.address());
        }
    }

    public void testOtherFusionWeightsMakeAnotherQuery() {
        CandidatesQueryBuilder sent = randomBuilder(IdFieldMapper.NAME, FusionWeights.DEFAULTS);
        CandidatesQueryBuilder other = new CandidatesQueryBuilder(sent.idField(), sent.candidates(), sent.fallback(), sent.notes(), sent.model(),
            sent.modelVersion(), sent.recommender(), sent.user(), new FusionWeights(1, 1, 1, 1, 0.5f, 0.5f), sent.fusionMethod());
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
        CandidatesQueryBuilder builder = new CandidatesQueryBuilder("_id", List.of(candidate), null, List.of(), null, 0, "shop", "u1", weights,
            FusionMethod.RECIPROCAL_RANK);
        Explanation explanation = builder.explain(candidate, 1);
        String text = explanation.toString();
        assertThat(text, containsString("reciprocal-rank fusion"));
        assertThat(text, containsString("source [cooccurrence] rank [1], weight [3.0]"));
        assertThat(text, containsString("source [knn] rank [4], weight [0.5]"));
        assertEquals(fused, explanation.getValue().floatValue(), 1e-7);
    }

    /** In a session each source adds its weight times its score over its best; explain shows those terms, summing to the score. */
    public void testExplainShowsScoreFusionInASession() {
        int[] ranks = new int[Source.values().length];
        float[] sourceScores = new float[ranks.length];
        ranks[Source.COOCCURRENCE.ordinal()] = 1;
        sourceScores[Source.COOCCURRENCE.ordinal()] = 1f;
        ranks[Source.KNN.ordinal()] = 4;
        sourceScores[Source.KNN.ordinal()] = 0.8f;
        FusionWeights weights = new FusionWeights(0.5f, 3, 1, 1, 0.5f, 0.5f);
        float fused = Fusion.score(FusionMethod.SCORES, ranks, sourceScores, weights);
        assertEquals("the weighted mean: (3 × 1 + 0.5 × 0.8) / (0.5 + 3 + 1 + 1 + 0.5 + 0.5)", (3f * 1f + 0.5f * 0.8f) / 6.5f, fused, 1e-6);
        Candidate candidate = new Candidate("sku-1", fused, fused, ranks, sourceScores, Candidate.NO_FEATURES, Float.NaN, null);
        CandidatesQueryBuilder builder = new CandidatesQueryBuilder("_id", List.of(candidate), null, List.of(), null, 0, "shop", "u1", weights,
            FusionMethod.SCORES);
        Explanation explanation = builder.explain(candidate, 1);
        Explanation fusedPart = explanation.getDetails()[0];
        assertThat(fusedPart.getDescription(), containsString("score fusion"));
        double sum = 0;
        for (Explanation source : fusedPart.getDetails()) {
            sum += source.getValue().doubleValue();
        }
        assertEquals(fused, sum, 1e-6);
        assertThat(explanation.toString(), containsString("source [knn] rank [4], weight [0.5], score ÷ the source's best [0.8]"));
        assertEquals(fused, explanation.getValue().floatValue(), 1e-6);
    }
}
