package io.recsys.opensearch.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The customers the storefront page offers in its switcher: real customers of the loaded data, each as the profile API
 * shows them. The two of the report's personalized-search example come first (their histories differ, so the page
 * shows the difference); then, for variety, the customer with the most events for each other top category, until
 * {@link #MAX_CUSTOMERS}. Only customers who shopped on {@link ShopperPicker#MIN_PLATFORMS} platforms or more, as in the
 * example: their profile is built from several devices.
 */
final class StorefrontCustomers {

    static final int MAX_CUSTOMERS = 8;
    /** Fewer events say little about a customer's taste. */
    static final int MIN_EVENTS = 20;
    /** Profiles read, most events first: enough to meet most top categories. */
    private static final int CANDIDATES = 500;

    /**
     * One customer of the switcher.
     *
     * @param topCategories their top categories with the profile's affinity, best first
     * @param platforms     events per platform, across their linked devices
     * @param note          why they are offered
     */
    record Customer(String id, long events, List<String> topCategories, Map<String, Object> platforms, String note) {
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("events", events);
            json.put("top_categories", topCategories);
            json.put("platforms", platforms);
            json.put("note", note);
            return json;
        }
    }

    private final NodeRest rest;

    StorefrontCustomers(NodeRest rest) {
        this.rest = rest;
    }

    /** @param featured the report's personalized-search example, when it found its two customers */
    List<Customer> find(Optional<PersonalizedSearch.Result> featured) {
        List<Customer> customers = new ArrayList<>();
        Set<String> categories = new LinkedHashSet<>();
        featured.ifPresent(example -> {
            for (PersonalizedSearch.Shopper shopper : List.of(example.first(), example.second())) {
                customers.add(customer(shopper.id(), "the report's \"" + example.text() + "\" example: " + shopper.category()));
                categories.add(shopper.category());
            }
        });
        for (Map<String, Object> hit : Json.hits(rest.expectOk("POST", "/" + StorefrontRecommender.PROFILES + "/_search", candidatesQuery())
            .json())) {
            Map<String, Object> source = Json.object(hit, "_source");
            List<?> listed = source.get("categories") instanceof List<?> l ? l : List.of();
            List<?> platforms = source.get("platforms") instanceof List<?> l ? l : List.of();
            String id = String.valueOf(source.get("user_id"));
            if (customers.size() >= MAX_CUSTOMERS) {
                break;
            }
            if (listed.isEmpty() || platforms.size() < ShopperPicker.MIN_PLATFORMS || categories.add(String.valueOf(listed.get(0))) == false
                || customers.stream().anyMatch(c -> c.id().equals(id))) {
                continue;
            }
            customers.add(customer(id, "most events among the customers whose top category is " + listed.get(0)));
        }
        return customers;
    }

    /** The page's {@code /demo/customers.json}. */
    static String json(List<Customer> customers) {
        return CatalogIndex.json(Map.of("customers", customers.stream().map(Customer::json).toList()));
    }

    /** Customers' profiles (not anonymous devices, not merged away), most events first. */
    private static String candidatesQuery() {
        Map<String, Object> bool = new LinkedHashMap<>();
        bool.put("filter", List.of(Map.of("term", Map.of("anonymous", false)), Map.of("range", Map.of("event_count", Map.of("gte", MIN_EVENTS)))));
        bool.put("must_not", List.of(Map.of("exists", Map.of("field", "merged_into"))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", CANDIDATES);
        body.put("_source", List.of("user_id", "categories", "platforms"));
        body.put("query", Map.of("bool", bool));
        body.put("sort", List.of(Map.of("event_count", "desc"), Map.of("user_id", "asc")));
        return CatalogIndex.json(body);
    }

    /** The customer as the profile API shows them. */
    private Customer customer(String id, String note) {
        Map<String, Object> profile = rest.expectOk("GET", StorefrontRecommender.PATH + "/profiles/" + id, null).json();
        List<String> top = new ArrayList<>();
        for (Map<String, Object> entry : Json.objects(profile, "top_categories")) {
            if (top.size() < 3) {
                top.add(String.format(Locale.ROOT, "%s %.2f", entry.get("category"), Json.decimal(entry, "affinity")));
            }
        }
        Map<String, Object> platforms = Json.object(profile, "counts", "platform");
        return new Customer(id, Json.number(profile, "event_count", 0), top, platforms == null ? Map.of() : platforms, note);
    }
}
