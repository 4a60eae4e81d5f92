package io.recsys.opensearch.tools.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which logged requests validate the model: always later ones than those it learns from. A model re-ranks the pages
 * of the future, so the question its gate must answer is "trained on the past, does it beat the fused order on what
 * came next?". Requests drawn at random from the same moment share that moment's trends and shoppers, and a model
 * that passed such a gate was measured below the fused order on every later protocol (docs/evaluation-trained-model-recent.md).
 *
 * @param train      the rows the model learns from
 * @param validation the rows of the held-out requests
 * @param rule       how they were chosen, for the tool's output and the model's description
 */
public record HeldOutRequests(List<LoggedRow> train, List<LoggedRow> validation, String rule) {

    /**
     * The latest {@code share} of requests by the time they were logged (a request's time is its first hit's), at least
     * one; requests logged at the same millisecond go together.
     */
    public static HeldOutRequests latest(List<LoggedRow> rows, double share) {
        Map<String, Long> loggedAt = new HashMap<>();
        for (LoggedRow row : rows) {
            loggedAt.merge(row.requestId(), row.loggedAt(), Math::min);
        }
        List<Map.Entry<String, Long>> byTime = new ArrayList<>(loggedAt.entrySet());
        byTime.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        int held = Math.max(1, (int) Math.ceil(share * byTime.size()));
        long from = byTime.get(byTime.size() - held).getValue();
        Set<String> later = new HashSet<>();
        for (Map.Entry<String, Long> request : byTime) {
            if (request.getValue() >= from) {
                later.add(request.getKey());
            }
        }
        return of(rows, later, String.format(Locale.ROOT, "the %,d requests logged last (%.0f%% by the time they were logged)",
            later.size(), 100.0 * later.size() / byTime.size()));
    }

    /** The rows of the named requests held out (as {@link FeatureLogData} keys them: user, NUL, request id). */
    public static HeldOutRequests of(List<LoggedRow> rows, Set<String> heldOut, String rule) {
        List<LoggedRow> train = new ArrayList<>(), validation = new ArrayList<>();
        for (LoggedRow row : rows) {
            (heldOut.contains(row.requestId()) ? validation : train).add(row);
        }
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("held out " + validation.size() + " of " + rows.size() + " logged hits (" + rule
                + "): the model needs hits to learn from and later ones to be validated on");
        }
        return new HeldOutRequests(train, validation, rule);
    }
}
