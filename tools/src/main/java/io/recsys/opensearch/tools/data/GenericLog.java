package io.recsys.opensearch.tools.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.opensearch.common.csv.CsvLine;
import io.recsys.opensearch.tools.rest.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * The generic input format, so any shop's export loads without code: CSV with a header line, or JSON Lines (one
 * object per line); gzip when the name ends in {@code .gz}. Fields: {@code user}, {@code item}, {@code timestamp}
 * (required), {@code type} (default purchase), {@code category}, {@code platform}, {@code session}, {@code price},
 * {@code title}, {@code quantity} (optional). Other columns are ignored and named once on the console.
 *
 * <p>The catalog is derived from the log: per item, the most frequent non-empty title and category (ties: the
 * alphabetically first), {@code other} without a category, and the median price.
 */
public final class GenericLog {

    public static final List<String> REQUIRED = List.of("user", "item", "timestamp");
    public static final List<String> OPTIONAL = List.of("type", "category", "platform", "session", "price", "title", "quantity");
    static final Set<String> TYPES = Set.of("view", "click", "cart", "purchase", "impression");

    /** Input syntax. */
    public enum Syntax { CSV, JSONL }

    private GenericLog() {}

    /** CSV or JSONL from the file name: {@code .jsonl}, {@code .ndjson}, {@code .json} (optionally {@code .gz}) are JSONL. */
    public static Syntax syntaxOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json") ? Syntax.JSONL : Syntax.CSV;
    }

    /**
     * @param ignored receives the names of the columns that were ignored (once)
     */
    public static EventLog read(Path file, Syntax syntax, Predicate<String> keepUser, java.util.function.Consumer<Set<String>> ignored)
        throws IOException {
        CatalogAccumulator catalog = new CatalogAccumulator();
        List<Interaction> interactions = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        try (BufferedReader reader = open(file)) {
            String line;
            long lineNumber = 0;
            List<String> header = null;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                Map<String, String> fields;
                try {
                    if (syntax == Syntax.CSV && header == null) {
                        header = header(line);
                        for (String column : header) {
                            if (REQUIRED.contains(column) == false && OPTIONAL.contains(column) == false) {
                                unknown.add(column);
                            }
                        }
                        continue;
                    }
                    fields = syntax == Syntax.CSV ? csvFields(header, line) : jsonFields(line, unknown);
                    Interaction interaction = toInteraction(fields);
                    catalog.add(interaction.item(), fields.get("title"), fields.get("category"), interaction.price());
                    if (keepUser.test(interaction.user())) {
                        interactions.add(interaction);
                    }
                } catch (RuntimeException e) {
                    throw new IOException(file + ":" + lineNumber + ": " + e.getMessage(), e);
                }
            }
            if (syntax == Syntax.CSV && header == null) {
                throw new IOException(file + " is empty: expected a header line with at least " + REQUIRED);
            }
        }
        if (unknown.isEmpty() == false) {
            ignored.accept(unknown);
        }
        return new EventLog(interactions, catalog.build(), file.getFileName().toString());
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    static List<String> header(String line) {
        List<String> header = CsvLine.split(line.replace("\uFEFF", "")).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        for (String required : REQUIRED) {
            if (header.contains(required) == false) {
                throw new IllegalArgumentException("the header " + header + " has no [" + required + "] column; required: " + REQUIRED
                    + ", optional: " + OPTIONAL);
            }
        }
        return header;
    }

    static Map<String, String> csvFields(List<String> header, String line) {
        List<String> values = CsvLine.split(line);
        if (values.size() != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " fields as in the header, found " + values.size());
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            fields.put(header.get(i), values.get(i));
        }
        return fields;
    }

    static Map<String, String> jsonFields(String line, Set<String> unknown) {
        JsonNode node = Json.read(line);
        if (node.isObject() == false) {
            throw new IllegalArgumentException("each line must be a JSON object");
        }
        Map<String, String> fields = new HashMap<>();
        node.properties().forEach(e -> {
            if (REQUIRED.contains(e.getKey()) || OPTIONAL.contains(e.getKey())) {
                fields.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
            } else {
                unknown.add(e.getKey());
            }
        });
        return fields;
    }

    static Interaction toInteraction(Map<String, String> fields) {
        String user = required(fields, "user");
        String item = required(fields, "item");
        long timestamp;
        try {
            timestamp = Timestamps.parse(required(fields, "timestamp"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("[timestamp] " + e.getMessage());
        }
        String type = blankToNull(fields.get("type"));
        type = type == null ? "purchase" : type.toLowerCase(Locale.ROOT);
        if (TYPES.contains(type) == false) {
            throw new IllegalArgumentException("[type] unknown event type [" + type + "], expected one of " + new TreeSet<>(TYPES));
        }
        Double price = null;
        String priceText = blankToNull(fields.get("price"));
        if (priceText != null) {
            try {
                price = Double.parseDouble(priceText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("[price] is not a number: [" + priceText + "]");
            }
        }
        int quantity = 1;
        String quantityText = blankToNull(fields.get("quantity"));
        if (quantityText != null) {
            try {
                quantity = Integer.parseInt(quantityText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("[quantity] is not an integer: [" + quantityText + "]");
            }
        }
        return new Interaction(user, item, timestamp, type, blankToNull(fields.get("platform")), blankToNull(fields.get("session")), price, quantity);
    }

    private static String required(Map<String, String> fields, String name) {
        String value = blankToNull(fields.get(name));
        if (value == null) {
            throw new IllegalArgumentException("[" + name + "] is required");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Per item: title and category counts, prices. */
    static final class CatalogAccumulator {
        private final Map<String, Map<String, Integer>> titles = new HashMap<>();
        private final Map<String, Map<String, Integer>> categories = new HashMap<>();
        private final Map<String, List<Double>> prices = new HashMap<>();
        private final Set<String> items = new LinkedHashSet<>();

        void add(String item, String title, String category, Double price) {
            items.add(item);
            if (title != null && title.isBlank() == false) {
                titles.computeIfAbsent(item, k -> new HashMap<>()).merge(title.strip(), 1, Integer::sum);
            }
            if (category != null && category.isBlank() == false) {
                categories.computeIfAbsent(item, k -> new HashMap<>()).merge(category.strip(), 1, Integer::sum);
            }
            if (price != null) {
                prices.computeIfAbsent(item, k -> new ArrayList<>()).add(price);
            }
        }

        Map<String, Item> build() {
            Map<String, Item> catalog = new HashMap<>();
            for (String item : items) {
                String title = mostFrequent(titles.get(item), "");
                String category = mostFrequent(categories.get(item), "other");
                catalog.put(item, new Item(item, title, category, median(prices.get(item))));
            }
            return catalog;
        }

        static String mostFrequent(Map<String, Integer> counts, String fallback) {
            if (counts == null) {
                return fallback;
            }
            return counts.entrySet().stream()
                .min(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .orElse(fallback);
        }

        static Double median(List<Double> values) {
            if (values == null || values.isEmpty()) {
                return null;
            }
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(sorted);
            int middle = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }
}
