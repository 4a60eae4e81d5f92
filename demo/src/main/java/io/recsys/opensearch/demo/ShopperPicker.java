package io.recsys.opensearch.demo;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Picks the two customers of the personalized-search example: customers whose histories clearly differ, judged by the
 * top categories of their profiles. For the categories of the items the text matches, most matches first, the first
 * pair (a, b) such that some customer's top category is a and b is not among their top categories at all, and some
 * other customer's top category is b without a. Only customers who bought on {@link #MIN_PLATFORMS} platforms or more
 * count: the example is also about one profile built from several devices. Of those, the customer most devoted to the
 * category (the highest affinity for it) is taken: the more one-sided a history, the more visible what it changes.
 * Ties go to more events, then to the smaller id, so the pick is deterministic.
 */
final class ShopperPicker {

    static final int MIN_PLATFORMS = 2;

    /**
     * A customer's profile as the picker sees it.
     *
     * @param categories  their top categories by affinity, best first
     * @param topAffinity their affinity for the first one, 0..1
     * @param platforms   platforms their events came from
     */
    record Candidate(String id, long events, List<String> categories, double topAffinity, int platforms) {
        String top() {
            return categories.isEmpty() ? null : categories.get(0);
        }
    }

    /** The two customers, with the category each stands for. */
    record Pick(Candidate first, String firstCategory, Candidate second, String secondCategory) {}

    private static final Comparator<Candidate> MOST_DEVOTED = Comparator.comparingDouble(Candidate::topAffinity).reversed()
        .thenComparing(Comparator.comparingLong(Candidate::events).reversed())
        .thenComparing(Candidate::id);

    private ShopperPicker() {}

    /**
     * @param categories the categories of the matching items, most matches first
     * @param candidates for (category, other category): customers whose profile lists the first and not the second
     */
    static Optional<Pick> pick(List<String> categories, BiFunction<String, String, List<Candidate>> candidates) {
        for (int i = 0; i < categories.size(); i++) {
            for (int j = i + 1; j < categories.size(); j++) {
                String a = categories.get(i);
                String b = categories.get(j);
                Optional<Candidate> first = devoted(candidates.apply(a, b), a, b, null);
                if (first.isEmpty()) {
                    continue;
                }
                Optional<Candidate> second = devoted(candidates.apply(b, a), b, a, first.get().id());
                if (second.isPresent()) {
                    return Optional.of(new Pick(first.get(), a, second.get(), b));
                }
            }
        }
        return Optional.empty();
    }

    /** The candidate most devoted to {@code category} among those who do not list {@code other}. */
    static Optional<Candidate> devoted(List<Candidate> candidates, String category, String other, String notId) {
        return candidates.stream()
            .filter(c -> category.equals(c.top()) && c.categories().contains(other) == false && c.id().equals(notId) == false)
            .filter(c -> c.platforms() >= MIN_PLATFORMS)
            .min(MOST_DEVOTED);
    }
}
