package io.recsys.opensearch.tools.eval.reference;

import io.recsys.opensearch.tools.data.Interaction;
import io.recsys.opensearch.tools.eval.Targets;
import io.recsys.opensearch.tools.eval.TestCase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference recommenders on tiny examples computed by hand (the arithmetic is in the comments).
 *
 * <p>The shop: u1 bought a (twice) and b; u2 a, b, c; u3 b (twice) and c; u4 c, d. Users per item: a {u1, u2},
 * b {u1, u2, u3}, c {u2, u3, u4}, d {u4}; users sharing two items: ab 2 (u1, u2), ac 1 (u2), bc 2 (u2, u3), cd 1 (u4).
 * Cosines: ab = 2/√(2·3) = 0.8165, ac = 1/√6 = 0.4082, bc = 2/√(3·3) = 0.6667, cd = 1/√(3·1) = 0.5774, ad = bd = 0.
 */
class ReferenceRecommendersTest {

    private static final double EPS = 1e-6;

    private static long time = 0;

    private static Interaction event(String user, String item, String type, String session) {
        return new Interaction(user, item, ++time, type, "web", session, 1.0, 1);
    }

    private static Interaction buy(String user, String item) {
        return event(user, item, "purchase", user + "-s");
    }

    private static final List<Interaction> SHOP = List.of(
        buy("u1", "a"), buy("u1", "a"), buy("u1", "b"),
        buy("u2", "a"), buy("u2", "b"), buy("u2", "c"),
        buy("u3", "b"), buy("u3", "b"), buy("u3", "c"),
        buy("u4", "c"), buy("u4", "d"));

    private static final TrainingData DATA = TrainingData.of(SHOP);

    /** A test case of a user the training data never saw, with these purchases revealed before the query. */
    private static Query newUser(String... purchased) {
        List<Interaction> reveal = new ArrayList<>();
        for (String item : purchased) {
            reveal.add(buy("u9", item));
        }
        return Query.of(new TestCase("u9", Set.of("x"), Set.of(), reveal, null), List.of(), DATA, Targets.NEW);
    }

    @Test
    void trainingDataIsTheBinaryMatrixWithEventCounts() {
        assertEquals(4, DATA.users());
        assertEquals(4, DATA.items());
        assertArrayEquals(new int[] { 0, 1 }, DATA.userItems(DATA.user("u1")), "a twice is one cell");
        assertArrayEquals(new int[] { 0, 1, 2 }, DATA.itemUsers(DATA.item("b")));
        assertEquals(3, DATA.itemEvents(DATA.item("a")));
        assertEquals(4, DATA.itemEvents(DATA.item("b")));
        assertEquals(-1, DATA.item("zz"));
    }

    @Test
    void popularRanksByTrainingEventsAndSkipsExcludedItems() {
        // events: a 3, b 4, c 3, d 1; a and c tie: by id
        PopularReference popular = new PopularReference(DATA);
        assertEquals(List.of("b", "a", "c", "d"), popular.recommend(newUser(), 10));
        assertEquals(List.of("a", "c"), popular.recommend(newUser("b"), 2));
    }

    @Test
    void itemCosineIsCoOccurrenceOverTheRootOfTheCounts() {
        ItemCosine cosine = new ItemCosine(DATA);
        int a = DATA.item("a"), b = DATA.item("b"), c = DATA.item("c"), d = DATA.item("d");
        assertEquals(2 / Math.sqrt(6), cosine.similarity(a, b), EPS);
        assertEquals(1 / Math.sqrt(6), cosine.similarity(a, c), EPS);
        assertEquals(2.0 / 3, cosine.similarity(b, c), EPS);
        assertEquals(1 / Math.sqrt(3), cosine.similarity(d, c), EPS);
        assertEquals(0, cosine.similarity(a, d), EPS);
        assertEquals(0, cosine.similarity(a, a), EPS, "an item is not its own neighbour");
    }

    @Test
    void itemKnnSumsSimilaritiesOverTheWholeHistory() {
        ItemKnnReference itemKnn = new ItemKnnReference(DATA, new ItemCosine(DATA));
        // history {a}: b 0.8165, c 0.4082; d never co-occurs with a
        assertEquals(List.of("b", "c"), itemKnn.recommend(newUser("a"), 10));
        // history {d, a}: c 0.4082 + 0.5774 = 0.9856 now beats b 0.8165
        assertEquals(List.of("c", "b"), itemKnn.recommend(newUser("d", "a"), 10));
    }

    @Test
    void lastItemKnnLooksOnlyAtTheSessionsLastItem() {
        LastItemKnnReference lastItem = new LastItemKnnReference(DATA, new ItemCosine(DATA));
        // session d, a: the last item a gives b 0.8165, c 0.4082 (the reverse of item-kNN on the whole history)
        assertEquals(List.of("b", "c"), lastItem.recommend(newUser("d", "a"), 10));
        assertEquals(List.of(), lastItem.recommend(Query.of(new TestCase("u1", Set.of("c"), Set.of(), List.of(), null), List.of(), DATA, Targets.NEW), 10),
            "no current session, no answer");
    }

    @Test
    void userKnnVotesWithTheNearestOtherUsers() {
        // u2 = {a, b, c}: u1 {a, b} 2/√(3·2) = 0.8165, u3 {b, c} 0.8165, u4 {c, d} 1/√6 = 0.4082; u2 itself is never a neighbour
        List<Interaction> u2Events = SHOP.stream().filter(i -> i.user().equals("u2")).toList();
        Query u2 = Query.of(new TestCase("u2", Set.of("d"), Set.of(), List.of(), null), u2Events, DATA, Targets.NEW);
        assertEquals(DATA.user("u2"), u2.user());
        // the 2 nearest (u1, u3) hold nothing u2 has not bought
        assertEquals(List.of(), new UserKnnReference(DATA, 2).recommend(u2, 10));
        // the 3 nearest reach u4, who votes for d with 0.4082
        assertEquals(List.of("d"), new UserKnnReference(DATA, 3).recommend(u2, 10));
        // a user with no history has no neighbour
        assertEquals(List.of(), new UserKnnReference(DATA, 3).recommend(newUser(), 10));
    }

    @Test
    void userKnnScoresAreSimilaritySums() {
        // history {b}: u1 1/√2 = 0.7071, u2 1/√3 = 0.5774, u3 1/√2 = 0.7071 (u3's b twice is one item); u4 shares nothing
        // votes (b excluded): a = u1 + u2 = 1.2845, c = u2 + u3 = 1.2845: a tie, by id
        assertEquals(List.of("a", "c"), new UserKnnReference(DATA, 50).recommend(newUser("b"), 10));
        // only the nearest: u1 (the tie with u3 goes to the lower index): a alone
        assertEquals(List.of("a"), new UserKnnReference(DATA, 1).recommend(newUser("b"), 10));
    }

    @Test
    void easeWeightsAreTheClosedForm() {
        // items a, b, c; users {a, b}, {a, b}, {a}, {c}: Gram [[3, 2, 0], [2, 2, 0], [0, 0, 1]]. The {a, b} block of
        // (G + λI)⁻¹ with λ = 1 is [[3, -2], [-2, 4]] / 8 (det 4·3 − 4 = 8), so B_ab = −P_ab / P_bb = (2/8) / (4/8) = 2 / (3 + λ)
        // = 0.5, B_ba = −P_ba / P_aa = (2/8) / (3/8) = 2 / (2 + λ) = 0.6667; c is independent of both: B_ac = B_ca = 0; diag 0.
        int[][] rows = { { 0, 1 }, { 0, 1 }, { 0 }, { 2 } };
        double[] b = EaseReference.weights(EaseReference.gram(rows, 3), 1);
        assertEquals(0.5, b[0 * 3 + 1], EPS);
        assertEquals(2.0 / 3, b[1 * 3 + 0], EPS);
        assertEquals(0, b[0 * 3 + 2], EPS);
        assertEquals(0, b[2 * 3 + 0], EPS);
        assertEquals(0, b[0], EPS);
        assertEquals(0, b[4], EPS);
        // a larger λ shrinks the weights: 2 / (3 + 10)
        assertEquals(2.0 / 13, EaseReference.weights(EaseReference.gram(rows, 3), 10)[1], EPS);
    }

    @Test
    void easeRanksBySummedRowsOfB() {
        EaseReference ease = EaseReference.fit(DATA, 1);
        Query bought = newUser("a");
        List<String> ranked = ease.recommend(bought, 10);
        // a is excluded; b, the item most tied to a, comes first; every other item is ranked (weights may be negative)
        assertEquals("b", ranked.get(0));
        assertEquals(3, ranked.size());
        assertFalse(ranked.contains("a"));
        assertEquals(List.of(), ease.recommend(newUser(), 10), "no history, no answer");
    }

    @Test
    void easeIsSkippedWithTheLimitWhenTheGramMatrixDoesNotFit() {
        assertNull(EaseReference.whyNot(1_000), "1,000 items: 24 MB");
        String why = EaseReference.whyNot(200_000);
        assertNotNull(why);
        assertTrue(why.contains("200,000 items") && why.contains("960.0 GB") && why.contains("heap"), why);
    }

    @Test
    void easeTuningPicksALambdaOfTheGrid() {
        EaseTuning.Choice choice = EaseTuning.choose(DATA, List.of(1.0, 10.0, 100.0), 7);
        assertTrue(List.of(1.0, 10.0, 100.0).contains(choice.lambda()), choice.toString());
        assertTrue(choice.ndcg().containsKey(1.0), "the grid starts at its first value");
        choice.ndcg().values().forEach(v -> assertTrue(v >= 0 && v <= 1, choice.toString()));
    }

    @Test
    void sessionKnnWeighsTheCurrentSessionByPosition() {
        // four one-session users, in time order: s1 {a, b}, s2 {b, c}, s3 {c, d}, s4 {a, d}
        time = 100;
        TrainingData sessions = TrainingData.of(List.of(
            event("v1", "a", "purchase", "s1"), event("v1", "b", "purchase", "s1"),
            event("v2", "b", "purchase", "s2"), event("v2", "c", "purchase", "s2"),
            event("v3", "c", "purchase", "s3"), event("v3", "d", "purchase", "s3"),
            event("v4", "a", "purchase", "s4"), event("v4", "d", "purchase", "s4")));
        List<Interaction> current = List.of(event("w", "a", "purchase", "now"), event("w", "c", "purchase", "now"));
        Query query = Query.of(new TestCase("w", Set.of("b"), Set.of(), current, null), List.of(), sessions, Targets.NEW);
        // current session a, c: a weighs 1/2, c (the last) 1. Similarities: s1 0.5 (a), s2 1 (c), s3 1 (c), s4 0.5 (a)
        // 2 neighbours: s2, s3 → b 1, d 1 (a, c bought): a tie, by id
        assertEquals(List.of("b", "d"), new SessionKnnReference(sessions, 2, 1000).recommend(query, 10));
        // 3 neighbours: s4 (0.5) is more recent than s1 (0.5) → d 1.5, b 1
        assertEquals(List.of("d", "b"), new SessionKnnReference(sessions, 3, 1000).recommend(query, 10));
        // only the 2 most recent sessions sharing an item are candidates: s4 and s3 → d 0.5 + 1; b is never reached
        assertEquals(List.of("d"), new SessionKnnReference(sessions, 100, 2).recommend(query, 10));
    }

    @Test
    void aQueryExcludesPurchasesOnlyAndIgnoresImpressions() {
        List<Interaction> history = List.of(buy("u1", "a"), event("u1", "b", "view", "x"), event("u1", "c", "impression", "x"));
        Query query = Query.of(new TestCase("u1", Set.of("d"), Set.of(), List.of(), null), history, DATA, Targets.NEW);
        assertArrayEquals(new int[] { DATA.item("a"), DATA.item("b") }, query.history());
        assertTrue(query.excluded()[DATA.item("a")]);
        assertFalse(query.excluded()[DATA.item("b")], "a view is not a purchase: exclude.purchased keeps it");
        Query all = Query.of(new TestCase("u1", Set.of("d"), Set.of(), List.of(), null), history, DATA, Targets.ALL);
        assertFalse(all.excluded()[DATA.item("a")], "--targets all excludes nothing");
    }
}
