package io.recsys.opensearch.demo;

import io.recsys.opensearch.common.retail.PlatformSplit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Prints what was loaded, the examples and the commands to try. The examples use real items and customers read back
 * from the node (the most popular item, its stored embedding, its nearest neighbour, two customers' profiles) and are
 * run here once, so what the report shows is what the user will see.
 */
final class DemoReport {

    private static final int LINE_WIDTH = 110;
    private static final String JSON = "-H 'Content-Type: application/json' ";

    /** One search hit, as printed. */
    record Hit(String id, String title, String category, double score) {}

    /** An item with its stored embedding. */
    record Item(String id, String title, List<Object> embedding) {}

    private final NodeRest rest;
    private final Console console;
    private final DemoConfig config;

    DemoReport(NodeRest rest, Console console, DemoConfig config) {
        this.rest = rest;
        this.console = console;
        this.config = config;
    }

    /**
     * @param indicators null when the plugin has no indicators API
     * @param openPage   starts the storefront page, given the personalized-search example (its customers lead the
     *                   page's switcher); called before "Try:", which lists the page
     */
    void print(LoadSummary summary, ReplaySummary replay, Indicators.Summary indicators, long nodeMillis,
        Consumer<Optional<PersonalizedSearch.Result>> openPage) {
        console.blank();
        console.line("opensearch-recsys demo: OpenSearch with k-NN and opensearch-recsys at http://" + config.curlHost());
        console.line(String.format(Locale.ROOT,
            "  loaded %,d items in %d categories; %,d customers, %,d invoices (%,d of %,d rows kept)%s",
            summary.items(), summary.categories().size(), summary.customers(), summary.invoices(), summary.rowsKept(), summary.rowsRead(),
            summary.reused() ? "; already in the index, not reloaded" : "; loading took " + Console.seconds(summary.millis())));
        console.line("  categories:");
        wrap(summary.categories().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()).forEach(l -> console.line("    " + l));

        replayLines(replay).forEach(console::line);

        Item top = mostPopular();
        Path knnQuery = writeKnnQuery(top.embedding());
        List<Hit> neighbours = search(read(knnQuery));
        console.line("  nearest neighbours of \"" + top.title() + "\" (the most popular item) by embedding:");
        for (Hit hit : neighbours) {
            console.line(String.format(Locale.ROOT, "    %.3f  %-8s %-45s (%s)", hit.score(), hit.id(), hit.title(), hit.category()));
        }
        BoughtTogether.Result together = new BoughtTogether(rest).run(new CatalogLookup.Item(top.id(), top.title(), ""));
        BoughtTogether.lines(together).forEach(console::line);
        if (indicators != null) {
            console.line(String.format(Locale.ROOT, "  indicators [%s]: the top %d of every item, %,d items, %s", Indicators.ALIAS,
                Indicators.SIZE, indicators.itemsWithIndicators(), indicators.reused()
                    ? "built by an earlier run in " + Console.seconds(indicators.millis())
                    : "built in " + Console.seconds(indicators.millis()) + " (POST /_plugins/_recsys/indicators/_build)"));
        }
        Optional<PersonalizedSearch.Result> personalized = new PersonalizedSearch(rest).run(PersonalizedSearch.TEXT);
        personalized.ifPresentOrElse(p -> PersonalizedSearch.lines(p).forEach(console::line),
            () -> console.line("  personalized search: no two customers with different top categories among \"" + PersonalizedSearch.TEXT
                + "\" matches"));

        openPage.accept(personalized);

        console.blank();
        console.line("Try:");
        console.line("  open " + config.pageUrl() + "   # the storefront page: search, customers, product pages, cart, and why each item is there");
        // the shopper of the example buys the most popular item and views its closest neighbour
        String viewed = neighbours.stream().map(Hit::id).filter(id -> id.equals(top.id()) == false).findFirst().orElse(top.id());
        tryCommands(knnQuery, top, viewed).forEach(c -> console.line("  " + c));
        exampleCommands(together, indicators, personalized.orElse(null)).forEach(c -> console.line("  " + c));
        console.blank();
        // measured once the examples have run: "ready" is when everything printed answers
        long readyMillis = System.currentTimeMillis() - config.startedAtMs();
        console.line(String.format(Locale.ROOT, "Ready in %s (node started in %s). Data in %s. Ctrl-C stops the node.",
            Console.seconds(readyMillis), Console.seconds(nodeMillis), config.homeDir()));
        console.flush();
    }

    /** The commands printed under "Try:", in the order a newcomer would run them. */
    List<String> tryCommands(Path knnQuery, Item bought, String viewedId) {
        String host = config.curlHost();
        String recommender = StorefrontRecommender.PATH;
        String search = "/" + CatalogIndex.NAME + "/_search?pretty&filter_path=hits.hits._id,hits.hits._score,hits.hits._source";
        return List.of(
            "curl '" + host + "/_cat/plugins?v'",
            "curl '" + host + recommender + "?pretty'",
            "# k-NN on the embeddings, with the stored vector of \"" + bought.title() + "\":",
            "curl " + JSON + "'" + host + search + "' -d @" + knnQuery,
            "curl " + JSON + "'" + host + search + "' -d '{\"size\": 5, \"_source\": [\"title\", \"category\", \"price\"], "
                + "\"query\": {\"match\": {\"title\": \"mug\"}}}'",
            "# a shopper, u42, buys one item and views another; their profile; what to show them next:",
            "curl " + JSON + "'" + host + recommender + "/events' -d '[{\"user_id\": \"u42\", \"item\": \"" + bought.id()
                + "\", \"type\": \"purchase\", \"platform\": \"web\"}, {\"user_id\": \"u42\", \"item\": \"" + viewedId
                + "\", \"type\": \"view\", \"platform\": \"web\"}]'",
            "curl '" + host + recommender + "/profiles/u42?pretty'",
            "curl " + JSON + "'" + host + search + "' -d '{\"size\": 5, \"_source\": [\"title\", \"category\"], \"query\": {\"recommend\": "
                + "{\"recommender\": \"" + StorefrontRecommender.NAME + "\", \"user\": {\"id\": \"u42\"}, \"exclude\": {\"purchased\": true}}}}'",
            "curl '" + host + "/_plugins/_recsys/_stats?pretty'"
        );
    }

    /** The replay's numbers, or what an earlier run replayed. */
    static List<String> replayLines(ReplaySummary replay) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "  events: %,d purchases replayed as events from %,d devices on %s%s", replay.events(),
            replay.deviceProfiles(), String.join(", ", PlatformSplit.DEFAULT_PLATFORMS), replay.reused() ? " (by an earlier run)" : ""));
        lines.add(String.format(Locale.ROOT, "    %,d applied, %,d duplicates, %,d refused; ingest %s events/s (%s); then %,d customers signed in: "
            + "%,d devices linked, %,d anonymous profiles merged (%s)", replay.applied(), replay.duplicates(), replay.refused(),
            EventReplay.rate(replay.events(), replay.eventsMillis()), Console.seconds(replay.eventsMillis()), replay.customers(),
            replay.identitiesLinked(), replay.profilesMerged(), Console.seconds(replay.linksMillis())));
        return lines;
    }

    /** The commands that reproduce the examples. */
    List<String> exampleCommands(BoughtTogether.Result together, Indicators.Summary indicators, PersonalizedSearch.Result personalized) {
        String host = config.curlHost();
        List<String> commands = new ArrayList<>();
        commands.add("# frequently bought together with \"" + together.anchor().title() + "\" (customer profiles only):");
        commands.add("curl " + JSON + "'" + host + "/" + StorefrontRecommender.PROFILES + "/_search?pretty&filter_path=aggregations' -d '"
            + together.request() + "'");
        if (indicators != null) {
            commands.add("curl '" + host + "/" + Indicators.ALIAS + "/_doc/" + together.anchor().id() + "?pretty'   # the same, precomputed");
        }
        if (personalized != null) {
            String customer = personalized.first().id();
            commands.add("# a customer's unified profile (devices on several platforms, linked), and their personalized search:");
            commands.add("curl '" + host + StorefrontRecommender.PATH + "/profiles/" + customer + "?pretty'");
            String search = "curl " + JSON + "'" + host + "/" + CatalogIndex.NAME + "/_search?pretty&filter_path=hits.hits._id,hits.hits._score,"
                + "hits.hits._source' -d '";
            commands.add(search + personalized.firstRequest() + "'");
            Map<String, Object> device = personalized.first().device();
            if (device != null) {
                commands.add("# the same shopper seen from one of their devices: the identity resolves to the customer through the link");
                commands.add(search + PersonalizedSearch.recommend(device, personalized.text()) + "'");
            }
        }
        return commands;
    }

    /** The most popular item, read back from the index with its stored embedding. */
    @SuppressWarnings("unchecked")
    private Item mostPopular() {
        String query = "{\"size\": 1, \"_source\": [\"title\", \"embedding\"], "
            + "\"sort\": [{\"popularity\": \"desc\"}, {\"title.keyword\": \"asc\"}]}";
        Map<String, Object> hit = hits(rest.expectOk("POST", "/" + CatalogIndex.NAME + "/_search", query).json()).get(0);
        Map<String, Object> source = (Map<String, Object>) hit.get("_source");
        return new Item((String) hit.get("_id"), (String) source.get("title"), (List<Object>) source.get("embedding"));
    }

    /** A k-NN query for the vector's neighbours, written to a file the printed curl command sends. */
    private Path writeKnnQuery(List<Object> vector) {
        Map<String, Object> knn = Map.of("embedding", Map.of("vector", vector, "k", 10));
        String json = CatalogIndex.json(Map.of("size", 6, "_source", List.of("title", "category"), "query", Map.of("knn", knn)));
        Path file = config.homeDir().resolve("knn-query.json");
        try {
            Files.writeString(file, json + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    @SuppressWarnings("unchecked")
    private List<Hit> search(String query) {
        List<Hit> result = new ArrayList<>();
        for (Map<String, Object> hit : hits(rest.expectOk("POST", "/" + CatalogIndex.NAME + "/_search", query).json())) {
            Map<String, Object> source = (Map<String, Object>) hit.get("_source");
            result.add(new Hit((String) hit.get("_id"), (String) source.get("title"), (String) source.get("category"),
                ((Number) hit.get("_score")).doubleValue()));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> hits(Map<String, Object> response) {
        List<Map<String, Object>> hits = (List<Map<String, Object>>) ((Map<String, Object>) response.get("hits")).get("hits");
        if (hits.isEmpty()) {
            throw new DemoException("[" + CatalogIndex.NAME + "] returned no hits");
        }
        return hits;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Joins items with " · " into lines no wider than the console. */
    static List<String> wrap(List<String> items) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String item : items) {
            if (line.length() > 0 && line.length() + 3 + item.length() > LINE_WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " · " : "").append(item);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
