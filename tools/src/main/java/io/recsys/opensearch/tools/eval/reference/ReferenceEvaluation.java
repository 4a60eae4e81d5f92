package io.recsys.opensearch.tools.eval.reference;

import io.recsys.opensearch.tools.data.Interaction;
import io.recsys.opensearch.tools.data.Item;
import io.recsys.opensearch.tools.eval.Contender;
import io.recsys.opensearch.tools.eval.Metric;
import io.recsys.opensearch.tools.eval.MetricsAccumulator;
import io.recsys.opensearch.tools.eval.Split;
import io.recsys.opensearch.tools.eval.Targets;
import io.recsys.opensearch.tools.eval.TestCase;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Computes the reference recommenders on a split's training part, client-side, and scores them on exactly the split's
 * test cases, targets and exclusions, with the same metrics as the plugin's variants. EASE's λ is chosen once per
 * distinct training part (the temporal and session protocols share theirs), and its last fit is kept for the next split
 * with the same training events.
 */
public final class ReferenceEvaluation {

    /**
     * @param ks           the cut-offs, ascending
     * @param targets      NEW: purchased items are excluded, as the plugin's queries do
     * @param catalog      the catalog, for categories and the coverage denominator
     * @param sessionBased the split's cases reveal a current session: adds session-kNN and item-kNN on the last item
     * @param seed         seeds EASE's validation split
     */
    public record Settings(int[] ks, Targets targets, Map<String, Item> catalog, boolean sessionBased, long seed) {}

    /**
     * @param metrics per reference and K, over the split's cases
     * @param cold    per reference and K, over the cases of users without training events (only references that
     *                answered at least one of them)
     * @param notes   what was fitted and how, what was skipped and why
     */
    public record Result(Map<Contender, Map<Integer, Map<Metric, Double>>> metrics, Map<Contender, Map<Integer, Map<Metric, Double>>> cold,
                         List<String> notes, double seconds) {}

    private final PrintStream out;
    /** Per training part (its content key): the λ chosen and the note saying how. */
    private final Map<Long, EaseTuning.Choice> lambdas = new HashMap<>();
    private long easeTrainKey;
    private EaseReference ease;

    public ReferenceEvaluation(PrintStream out) {
        this.out = out;
    }

    public Result run(Split split, Settings settings) {
        long start = System.nanoTime();
        TrainingData data = TrainingData.of(split.train());
        List<String> notes = new ArrayList<>();
        notes.add("reference recommenders computed client-side on the same training events (" + data + "), same test cases, targets and exclusions");
        List<ReferenceRecommender> references = new ArrayList<>();
        references.add(new PopularReference(data));
        ItemCosine cosine = new ItemCosine(data);
        references.add(new ItemKnnReference(data, cosine));
        references.add(new UserKnnReference(data, UserKnnReference.DEFAULT_NEIGHBOURS));
        EaseReference fitted = ease(split.train(), data, settings.seed(), notes);
        if (fitted != null) {
            references.add(fitted);
        }
        if (settings.sessionBased()) {
            references.add(new SessionKnnReference(data, SessionKnnReference.DEFAULT_NEIGHBOURS, SessionKnnReference.DEFAULT_SAMPLE));
            references.add(new LastItemKnnReference(data, cosine));
        }
        Map<String, List<Interaction>> byUser = new HashMap<>();
        for (Interaction interaction : split.train()) {
            byUser.computeIfAbsent(interaction.user(), u -> new ArrayList<>()).add(interaction);
        }
        Map<Contender, Map<Integer, Map<Metric, Double>>> metrics = score(split.cases(), references, data, byUser, settings, false);
        Map<Contender, Map<Integer, Map<Metric, Double>>> cold = score(split.coldCases(), references, data, byUser, settings, true);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "references computed in %.0f s%n", seconds);
        return new Result(metrics, cold, notes, seconds);
    }

    private Map<Contender, Map<Integer, Map<Metric, Double>>> score(List<TestCase> cases, List<ReferenceRecommender> references, TrainingData data,
                                                                   Map<String, List<Interaction>> byUser, Settings settings, boolean onlyAnswering) {
        Map<ReferenceRecommender, MetricsAccumulator> accumulators = new LinkedHashMap<>();
        Map<ReferenceRecommender, AtomicLong> answered = new HashMap<>();
        references.forEach(r -> {
            accumulators.put(r, new MetricsAccumulator(settings.ks(), settings.catalog().size()));
            answered.put(r, new AtomicLong());
        });
        int size = settings.ks()[settings.ks().length - 1];
        cases.parallelStream().forEach(testCase -> {
            Query query = Query.of(testCase, byUser.getOrDefault(testCase.user(), List.of()), data, settings.targets());
            for (ReferenceRecommender reference : references) {
                List<String> ranked = reference.recommend(query, size);
                if (ranked.isEmpty() == false) {
                    answered.get(reference).incrementAndGet();
                }
                accumulators.get(reference).add(ranked, testCase.targets(), testCase.knownCategories(), item -> {
                    Item known = settings.catalog().get(item);
                    return known == null ? null : known.category();
                });
            }
        });
        Map<Contender, Map<Integer, Map<Metric, Double>>> result = new LinkedHashMap<>();
        accumulators.forEach((reference, accumulator) -> {
            if (onlyAnswering == false || answered.get(reference).get() > 0) {
                result.put(reference, accumulator.result());
            }
        });
        return result;
    }

    /** EASE with λ chosen on a validation part, fitted once per distinct training part; null (and a note) when too big. */
    private EaseReference ease(List<Interaction> train, TrainingData data, long seed, List<String> notes) {
        long key = trainKey(train) * 31 + seed;
        if (key != easeTrainKey) {
            ease = null; // another training part: the old fit goes before the free heap is measured
        }
        String whyNot = ease != null ? null : EaseReference.whyNot(data.items());
        if (whyNot != null) {
            notes.add(whyNot);
            out.println(whyNot);
            return null;
        }
        long start = System.nanoTime();
        EaseTuning.Choice choice = lambdas.get(key);
        boolean tuned = choice == null;
        if (tuned) {
            choice = EaseTuning.choose(data, EaseTuning.GRID, seed);
            lambdas.put(key, choice);
        }
        if (ease == null) {
            ease = EaseReference.fit(data, choice.lambda());
            easeTrainKey = key;
        }
        StringBuilder grid = new StringBuilder();
        choice.ndcg().forEach((lambda, ndcg) -> grid.append(grid.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "λ %.0f: %.4f", lambda, ndcg)));
        String note = String.format(Locale.ROOT, "EASE: λ %.0f chosen on a validation part of the training data (%.0f%% of each user's items held out, "
            + "seeded; NDCG@%d of at most %,d users: %s%s); fitted in %.0f s", choice.lambda(), EaseTuning.HOLDOUT * 100, EaseTuning.K,
            EaseTuning.MAX_USERS, grid, tuned ? "" : "; chosen for an earlier protocol with the same training events", (System.nanoTime() - start) / 1e9);
        out.println(note);
        notes.add(note);
        return ease;
    }

    /** Identifies a list of training events by its content. */
    private static long trainKey(List<Interaction> train) {
        long key = train.size();
        for (Interaction interaction : train) {
            key = key * 1_000_003 + interaction.user().hashCode();
            key = key * 1_000_003 + interaction.item().hashCode();
            key = key * 1_000_003 + Long.hashCode(interaction.timestamp());
        }
        return key;
    }
}
