package io.recsys.opensearch.bench.suite;

import io.recsys.opensearch.bench.Rest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Are the answers sane? For a sample of the query users, once each, unmeasured: full pages; hits from the clusters the
 * user prefers (k-NN and recommend); every hit of the text query matching it; the client-side pipeline and
 * {@code recommend} agreeing on the top {@code size} (same features, same model, so most items must be the same). In the
 * smoke run a check below its bound fails the run.
 */
final class SanityCheck {

    /**
     * @param users            users checked
     * @param fullPages        share of answers (all scenarios) with {@code size} hits
     * @param knnPreferred     share of plain k-NN hits in the user's preferred clusters
     * @param recommendPreferred share of recommend (re-ranked) hits in the user's preferred clusters
     * @param textMatches      share of recommend-with-text hits whose title holds the query word
     * @param clientOverlap    share of the client-side top items that recommend also returns
     */
    record Outcome(int users, double fullPages, double knnPreferred, double recommendPreferred, double textMatches, double clientOverlap) {

        /** The failed checks, empty when all hold. */
        List<String> failures() {
            List<String> failures = new ArrayList<>();
            check(failures, "full pages", fullPages, 0.95);
            check(failures, "k-NN hits in preferred clusters", knnPreferred, 0.5);
            check(failures, "recommend hits in preferred clusters", recommendPreferred, 0.4);
            check(failures, "text hits matching the query", textMatches, 1.0);
            check(failures, "client-side / recommend overlap", clientOverlap, 0.5);
            return failures;
        }

        private static void check(List<String> failures, String name, double value, double bound) {
            if (value < bound) {
                failures.add(String.format(Locale.ROOT, "%s %.2f < %.2f", name, value, bound));
            }
        }

        String describe() {
            return String.format(Locale.ROOT,
                "%d users: full pages %.0f%%; hits in the user's preferred clusters: k-NN %.0f%%, recommend %.0f%%; recommend with text: %.0f%% of hits match"
                    + " the query; client-side and recommend share %.0f%% of their top items",
                users, 100 * fullPages, 100 * knnPreferred, 100 * recommendPreferred, 100 * textMatches, 100 * clientOverlap);
        }
    }

    private final Rest rest;
    private final ClientSidePipeline client;
    private final SuiteOptions options;

    SanityCheck(Rest rest, ClientSidePipeline client, SuiteOptions options) {
        this.rest = rest;
        this.client = client;
        this.options = options;
    }

    Outcome run(List<QueryUser> users) throws Exception {
        int n = Math.min(50, users.size());
        double pages = 0, knn = 0, recommend = 0, text = 0, overlap = 0;
        int answers = 0;
        for (QueryUser user : users.subList(0, n)) {
            List<Map<String, Object>> knnHits = search(QueryBodies.knn(user, options.k(), options.size(), false));
            List<Map<String, Object>> recHits = search(QueryBodies.recommend(user, options.k(), options.neighbors(), options.size(), -1, false));
            List<Map<String, Object>> textHits = search(QueryBodies.recommend(user, options.k(), options.neighbors(), options.size(), -1, true));
            List<String> clientTop = client.recommend(user, false);
            for (List<Map<String, Object>> hits : List.of(knnHits, recHits)) {
                pages += hits.size() == options.size() ? 1 : 0;
                answers++;
            }
            pages += clientTop.size() == options.size() ? 1 : 0;
            answers++;
            knn += preferredShare(user, knnHits);
            recommend += preferredShare(user, recHits);
            text += textHits.isEmpty() ? 1 : textHits.stream().filter(h -> title(h).contains(user.word())).count() / (double) textHits.size();
            Set<String> recIds = new HashSet<>();
            recHits.forEach(h -> recIds.add((String) h.get("_id")));
            overlap += clientTop.isEmpty() ? 0 : clientTop.stream().filter(recIds::contains).count() / (double) clientTop.size();
        }
        return new Outcome(n, pages / answers, knn / n, recommend / n, text / n, overlap / n);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> search(String body) {
        Map<String, Object> response = rest.call("POST", "/" + QueryBodies.CATALOG + "/_search", body);
        return (List<Map<String, Object>>) ((Map<String, Object>) response.get("hits")).get("hits");
    }

    @SuppressWarnings("unchecked")
    private static int cluster(Map<String, Object> hit) {
        return ((Number) ((Map<String, Object>) hit.get("_source")).get("cluster")).intValue();
    }

    @SuppressWarnings("unchecked")
    private static String title(Map<String, Object> hit) {
        return (String) ((Map<String, Object>) hit.get("_source")).get("title");
    }

    private static double preferredShare(QueryUser user, List<Map<String, Object>> hits) {
        return hits.isEmpty() ? 0 : hits.stream().filter(h -> user.prefers(cluster(h))).count() / (double) hits.size();
    }
}
