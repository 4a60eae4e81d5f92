package io.recsys.opensearch.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The report's personalized-search example: the same text typed by two customers with different histories, through
 * the {@code recommend} query (the text query inside it), beside the plain {@code match} that everybody gets.
 */
final class PersonalizedSearch {

    /**
     * The text typed. "glass" matches items of many kinds (glass beads and bracelets, drinking glasses, glass
     * T-light holders, jars, bowls), so who types it decides what they mean; a word of one kind ("mug") leaves
     * little to personalize.
     */
    static final String TEXT = "glass";
    static final int SIZE = 8;
    /** Categories of the matching items tried, most matches first. */
    private static final int MATCH_CATEGORIES = 6;
    /** Profiles read per category pair, most events first: enough for every customer listing a category here. */
    private static final int CANDIDATES = 1_000;
    /** Top categories printed per customer. */
    private static final int TOP_SHOWN = 3;
    /** Characters per column of the side-by-side table: three columns and the rank fit in 125. */
    static final int COLUMN_WIDTH = 38;
    /** Fewer events say little about a customer's taste. */
    private static final int MIN_EVENTS = 30;

    /**
     * A customer as the example presents them, from the profile API.
     *
     * @param topCategories "category affinity" of the top three
     * @param platforms     events per platform, across the linked devices
     * @param device        one of the customer's linked device identities, {@code {"platform", "id"}}, or null
     */
    record Shopper(String id, String category, long events, List<String> topCategories, Map<String, Object> platforms,
        Map<String, Object> device) {}

    /** The three result lists, and the search body of the first customer's for the printed curl command. */
    record Result(String text, Shopper first, Shopper second, List<CatalogLookup.Item> plain, List<CatalogLookup.Item> forFirst,
        List<CatalogLookup.Item> forSecond, String firstRequest) {}

    private final NodeRest rest;

    PersonalizedSearch(NodeRest rest) {
        this.rest = rest;
    }

    /** Empty when no two customers with different top categories among the matching ones exist. */
    Optional<Result> run(String text) {
        Map<List<String>, List<ShopperPicker.Candidate>> asked = new HashMap<>(); // a pair that fails is asked again reversed
        Optional<ShopperPicker.Pick> pick = ShopperPicker.pick(matchingCategories(text),
            (category, other) -> asked.computeIfAbsent(List.of(category, other), k -> candidates(category, other)));
        if (pick.isEmpty()) {
            return Optional.empty();
        }
        Shopper first = shopper(pick.get().first().id(), pick.get().firstCategory());
        Shopper second = shopper(pick.get().second().id(), pick.get().secondCategory());
        String firstRequest = recommend(first.id(), text);
        return Optional.of(new Result(text, first, second, search(match(text)), search(firstRequest), search(recommend(second.id(), text)),
            firstRequest));
    }

    /** The example as the report prints it: who the two customers are, then the three lists side by side. */
    static List<String> lines(Result result) {
        List<String> lines = new ArrayList<>();
        lines.add("  personalized search: \"" + result.text() + "\" typed by two customers with different histories (the recommend query "
            + "with the text inside), beside the plain match everybody gets:");
        for (Shopper shopper : List.of(result.first(), result.second())) {
            lines.add(String.format(Locale.ROOT, "    customer %s: top categories %s; %,d events on %s", shopper.id(),
                String.join(", ", shopper.topCategories()), shopper.events(), platforms(shopper.platforms())));
        }
        List<String> headers = List.of("match (anyone)", "customer " + result.first().id() + " (" + result.first().category() + ")",
            "customer " + result.second().id() + " (" + result.second().category() + ")");
        List<List<String>> columns = List.of(labels(result.plain()), labels(result.forFirst()), labels(result.forSecond()));
        SideBySide.table(headers, columns, COLUMN_WIDTH).forEach(line -> lines.add("  " + line));
        return lines;
    }

    private static List<String> labels(List<CatalogLookup.Item> items) {
        return items.stream().map(item -> SideBySide.labelled(item.title(), item.category(), COLUMN_WIDTH)).toList();
    }

    /** "app 55 + web 127": the customer's devices, linked into one profile. */
    private static String platforms(Map<String, Object> counts) {
        List<String> parts = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> parts.add(e.getKey() + " " + e.getValue()));
        return parts.isEmpty() ? "no platform" : String.join(" + ", parts);
    }

    /** {@code match} on the title: what every shopper gets from a plain search box. */
    static String match(String text) {
        return body(Map.of("match", Map.of("title", text)));
    }

    /** The same text inside the {@code recommend} query, for one customer. */
    static String recommend(String customer, String text) {
        return recommend(Map.of("id", customer), text);
    }

    /** The same, for a user given as {@code {"id"}} or as a platform identity {@code {"platform", "id"}}. */
    static String recommend(Map<String, Object> user, String text) {
        Map<String, Object> recommend = new LinkedHashMap<>();
        recommend.put("recommender", StorefrontRecommender.NAME);
        recommend.put("user", user);
        recommend.put("query", Map.of("match", Map.of("title", text)));
        return body(Map.of("recommend", recommend));
    }

    /** A search body for {@code query}, keys in the order a person writes them. */
    private static String body(Map<String, Object> query) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", SIZE);
        body.put("_source", List.of("title", "category"));
        body.put("query", query);
        return CatalogIndex.json(body);
    }

    private List<CatalogLookup.Item> search(String body) {
        return CatalogLookup.hits(rest.expectOk("POST", "/" + CatalogIndex.NAME + "/_search", body).json());
    }

    private List<String> matchingCategories(String text) {
        String body = CatalogIndex.json(Map.of("size", 0, "query", Map.of("match", Map.of("title", text)), "aggs",
            Map.of("categories", Map.of("terms", Map.of("field", "category", "size", MATCH_CATEGORIES)))));
        Map<String, Object> reply = rest.expectOk("POST", "/" + CatalogIndex.NAME + "/_search", body).json();
        return Json.objects(Json.object(reply, "aggregations", "categories"), "buckets").stream().map(b -> String.valueOf(b.get("key"))).toList();
    }

    /**
     * Customers whose profile lists {@code category} first and {@code other} nowhere among its top categories, with at
     * least {@link #MIN_EVENTS} events, as the profile API shows them. The search finds the profiles listing one and
     * not the other; the profile document lists them best first, which narrows the lookups to the few dozen that put
     * {@code category} first; the profile API then has the last word, with the affinities.
     */
    @SuppressWarnings("unchecked")
    private List<ShopperPicker.Candidate> candidates(String category, String other) {
        Map<String, Object> bool = new LinkedHashMap<>();
        bool.put("filter", List.of(Map.of("term", Map.of("categories", category)), Map.of("term", Map.of("anonymous", false)),
            Map.of("range", Map.of("event_count", Map.of("gte", MIN_EVENTS)))));
        bool.put("must_not", List.of(Map.of("exists", Map.of("field", "merged_into")), Map.of("term", Map.of("categories", other))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", CANDIDATES);
        body.put("_source", List.of("user_id", "categories"));
        body.put("query", Map.of("bool", bool));
        body.put("sort", List.of(Map.of("event_count", "desc"), Map.of("user_id", "asc")));
        Map<String, Object> reply = rest.expectOk("POST", "/" + StorefrontRecommender.PROFILES + "/_search", CatalogIndex.json(body)).json();
        List<ShopperPicker.Candidate> candidates = new ArrayList<>();
        for (Map<String, Object> hit : Json.hits(reply)) {
            Map<String, Object> source = Json.object(hit, "_source");
            List<Object> listed = (List<Object>) source.getOrDefault("categories", List.of());
            if (listed.isEmpty() || category.equals(listed.get(0)) == false) {
                continue;
            }
            Map<String, Object> profile = profile(String.valueOf(source.get("user_id")));
            List<Map<String, Object>> top = Json.objects(profile, "top_categories");
            Map<String, Object> platforms = Json.object(profile, "counts", "platform");
            if (top.isEmpty() == false) {
                candidates.add(new ShopperPicker.Candidate(String.valueOf(profile.get("user_id")), Json.number(profile, "event_count", 0),
                    top.stream().map(c -> String.valueOf(c.get("category"))).toList(), Json.decimal(top.get(0), "affinity"),
                    platforms == null ? 0 : platforms.size()));
            }
        }
        return candidates;
    }

    private Map<String, Object> profile(String id) {
        return rest.expectOk("GET", StorefrontRecommender.PATH + "/profiles/" + id, null).json();
    }

    /** The customer as the profile API shows them. */
    private Shopper shopper(String id, String category) {
        Map<String, Object> profile = profile(id);
        List<String> top = new ArrayList<>();
        for (Map<String, Object> entry : Json.objects(profile, "top_categories")) {
            if (top.size() < TOP_SHOWN) {
                top.add(String.format(Locale.ROOT, "%s %.2f", entry.get("category"), Json.decimal(entry, "affinity")));
            }
        }
        Map<String, Object> platforms = Json.object(profile, "counts", "platform");
        List<Map<String, Object>> identities = Json.objects(profile, "identities");
        Map<String, Object> device = null;
        if (identities.isEmpty() == false) {
            device = new LinkedHashMap<>(); // platform first, as the API documents it
            device.put("platform", identities.get(0).get("platform"));
            device.put("id", identities.get(0).get("id"));
        }
        return new Shopper(id, category, Json.number(profile, "event_count", 0), top, platforms == null ? Map.of() : platforms, device);
    }
}
