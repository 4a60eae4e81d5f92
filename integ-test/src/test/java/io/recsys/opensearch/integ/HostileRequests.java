package io.recsys.opensearch.integ;

import io.recsys.opensearch.integ.HostileCase.Accepted;
import io.recsys.opensearch.integ.HostileCase.EventAccepted;
import io.recsys.opensearch.integ.HostileCase.EventRefused;
import io.recsys.opensearch.integ.HostileCase.Expect;
import io.recsys.opensearch.integ.HostileCase.Refused;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Generates hostile requests for every endpoint of the plugin from one seed: wrong JSON types, empty, huge and unicode
 * strings, non-finite and out-of-range numbers, deep nesting, unknown fields, bad models and path-like ids. Values are
 * drawn from the seeded generator, so a seed reproduces every request.
 *
 * <p>Documented 2xx answers: unicode and path-like strings are plain data where a value is an id or a label (an event's
 * item, session, ids; a user id in a query, which then is an unknown user and gets the fallback); a number or boolean
 * given for an event's string field is taken as its text ({@code "item": 42} is item {@code "42"}), as a keyword field
 * takes it; {@code null} for an optional event field means "not given"; a query nested as deep as the query DSL allows.
 * Everything else here must be a 4xx naming the field.
 */
final class HostileRequests {

    static final String RECOMMENDER = "shop";
    static final String CATALOG = "products";
    static final String EVENTS = "/_plugins/_recsys/recommenders/" + RECOMMENDER + "/events";
    static final String NDJSON = "application/x-ndjson";
    static final String JSON = "application/json";

    private final Random random;
    /** The real model's bytes (base64) and its features, for model uploads that differ from a valid one in one way. */
    private final String modelBase64;
    private final String modelFeatures;
    private final List<HostileCase> cases = new ArrayList<>();
    private int serial;

    HostileRequests(long seed, byte[] model, String featuresJson) {
        this.random = new Random(seed);
        this.modelBase64 = Base64.getEncoder().encodeToString(model);
        this.modelFeatures = featuresJson;
    }

    List<HostileCase> generate() {
        events();
        recommend();
        recommenders();
        links();
        profiles();
        models();
        aliases();
        indicators();
        directWrites();
        stats();
        return cases;
    }

    // ---------------------------------------------------------------- values

    private static final String[] PATH_LIKE = {
        "../../etc/passwd", "..\\\\..\\\\windows\\\\win.ini", "/etc/passwd", "a/../../b", "%2e%2e%2f", "file:///etc/passwd",
        "config/opensearch.yml", ".recsys-models", "recsys-shop-profiles", "~root/.ssh" };

    /** JSON literals of every type but string. */
    private List<String> notStrings() {
        List<String> all = new ArrayList<>(scalars());
        all.addAll(containers());
        return all;
    }

    /** Numbers and booleans: an event's string field takes them as their text. */
    private List<String> scalars() {
        return List.of(Integer.toString(random.nextInt(1000) - 500), Double.toString(random.nextDouble() * 100), "true");
    }

    /** Arrays and objects: never a string. */
    private List<String> containers() {
        return List.of("[]", "[" + quote(word(5)) + "]", "{}", "{" + quote(word(3)) + ": 1}");
    }

    /** JSON literals that are no valid count: negative, non-finite, beyond long, other types. */
    private List<String> badInts() {
        return List.of("-" + (1 + random.nextInt(1000)), "1e999", "-1e999", "9223372036854775808" + random.nextInt(10),
            quote("x" + word(3)), "true", "[]", "{}");
    }

    /** JSON literals that are no valid positive amount. */
    private List<String> badAmounts() {
        return List.of("0", "-" + (1 + random.nextInt(1000)), "1e999", "-1e999", quote(word(4)), "true", "[]", "{}");
    }

    private String word(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    private String huge(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    /** A string of 3-40 code points from several scripts: accents, Greek, Cyrillic, Hebrew, CJK, emoji, combining marks, zero-width. */
    private String unicode() {
        int[][] ranges = { { 0xC0, 0xFF }, { 0x391, 0x3C9 }, { 0x410, 0x44F }, { 0x5D0, 0x5EA }, { 0x4E00, 0x9FFF }, { 0x1F600, 0x1F64F },
            { 0x300, 0x36F }, { 0x200B, 0x200F } };
        StringBuilder s = new StringBuilder("u");
        int length = 3 + random.nextInt(38);
        for (int i = 0; i < length; i++) {
            int[] range = ranges[random.nextInt(ranges.length)];
            s.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
        }
        return s.toString();
    }

    private String pathLike() {
        return PATH_LIKE[random.nextInt(PATH_LIKE.length)];
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Percent-encodes everything but letters, digits, '-' and '_' (so '.', '/' and '%' reach the handler as data). */
    static String encode(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append(c);
            } else {
                out.append(String.format(Locale.ROOT, "%%%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    private static String object(Map<String, String> fields) {
        StringBuilder s = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (s.length() > 1) {
                s.append(", ");
            }
            s.append(quote(k)).append(": ").append(v);
        });
        return s.append('}').toString();
    }

    private void add(String name, String method, String path, String body, String contentType, Expect expect) {
        cases.add(new HostileCase(name, method, path, body, contentType, expect));
    }

    // ---------------------------------------------------------------- events

    /** A hostile event and a control event of the same user, as NDJSON (or a JSON array, at random). */
    private void event(String what, Function<String, Map<String, String>> hostile, Expect expect) {
        String user = "h-user-" + (serial++);
        Map<String, String> control = new LinkedHashMap<>();
        control.put("user_id", quote(user));
        control.put("item", quote("k1"));
        control.put("type", quote("view"));
        String first = object(hostile.apply(user));
        boolean array = random.nextBoolean();
        String body = array ? "[" + first + ",\n" + object(control) + "]" : first + "\n" + object(control) + "\n";
        add("events " + what, "POST", EVENTS, body, array ? JSON : NDJSON, expect);
    }

    private static Map<String, String> baseEvent(String user) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("user_id", quote(user));
        e.put("item", quote("k2"));
        e.put("type", quote("view"));
        e.put("platform", quote("web"));
        e.put("ts", quote("2026-11-20T10:00:00Z"));
        return e;
    }

    private void eventField(String field, String literal, Expect expect, String label) {
        event(field + "=" + label, user -> {
            Map<String, String> e = baseEvent(user);
            if (field.startsWith("user.")) {
                e.remove("user_id");
                Map<String, String> identity = new LinkedHashMap<>();
                identity.put("platform", quote("app"));
                identity.put("id", quote(user));
                if (literal == null) {
                    identity.remove(field.substring(5));
                } else {
                    identity.put(field.substring(5), literal);
                }
                e.put("user", object(identity));
            } else if (literal == null) {
                e.remove(field);
            } else {
                e.put(field, literal);
            }
            return e;
        }, expect);
    }

    private void events() {
        // string fields: required ones refuse null; enums refuse any unknown text; ids and labels take any text within limits
        List<String> required = List.of("user_id", "item", "type", "user.platform", "user.id");
        for (String field : List.of("user_id", "item", "type", "platform", "session", "query", "request_id", "event_id", "user.platform", "user.id")) {
            String leaf = field.startsWith("user.") ? "user\\." + field.substring(5) + "|user" : field;
            EventRefused refused = new EventRefused("\\[(" + leaf + ")\\]");
            boolean enumeration = field.equals("type");
            boolean platform = field.endsWith("platform");
            for (String literal : scalars()) {
                eventField(field, literal, enumeration ? refused : new EventAccepted(), literal);
            }
            for (String literal : containers()) {
                eventField(field, literal, refused, literal);
            }
            eventField(field, quote(""), refused, "empty");
            for (int length : new int[] { 40_000 + random.nextInt(10_000), 1_048_576 }) {
                eventField(field, quote(huge(length)), refused, "huge(" + length + ")");
            }
            for (int i = 0; i < 2; i++) {
                // a platform is part of document ids: letters, digits, '.', '_', '-' only
                eventField(field, quote(unicode()), enumeration || platform ? refused : new EventAccepted(), "unicode");
                eventField(field, quote(pathLike()), enumeration || platform ? refused : new EventAccepted(), "path-like");
            }
            eventField(field, "null", required.contains(field) ? new EventRefused("\\[(user|" + leaf + ")") : new EventAccepted(), "null");
        }
        eventField("event_id", quote(huge(513 + random.nextInt(200))), new EventRefused("\\[event_id\\]"), "over 512 bytes");
        eventField("item", quote(huge(32_767 + random.nextInt(1000))), new EventRefused("\\[item\\]"), "over Lucene's term limit");

        EventRefused ts = new EventRefused("\\[ts\\]");
        for (String literal : List.of("true", "[]", "{}", quote("someday"), quote(unicode()), quote("+292278994-08-17T07:12:55.807Z"),
            quote("-292275055-05-16T16:47:04.192Z"), quote("2040-01-01T00:00:00Z"), quote("1000-01-01T00:00:00Z"), "1e999", "-1e999",
            "1e20", "-1e15", "9223372036854775807", "-9223372036854775808", quote("NaN"), quote("Infinity"))) {
            eventField("ts", literal, ts, literal.length() > 40 ? literal.substring(0, 40) : literal);
        }
        for (String literal : badInts()) {
            eventField("position", literal, new EventRefused("\\[position\\]"), literal);
        }
        for (String field : List.of("quantity", "price")) {
            for (String literal : badAmounts()) {
                eventField(field, literal, new EventRefused("\\[" + field + "\\]"), literal);
            }
        }
        for (int i = 0; i < 3; i++) {
            String name = i == 0 ? unicode() : word(6);
            eventField(name, "1", new EventRefused("unknown field"), "unknown field");
        }
        eventField("user", quote("app:dev-1"), new EventRefused("\\[user\\]"), "string");
        eventField("user", "[]", new EventRefused("\\[user\\]"), "array");

        // bodies: deep nesting on one line, a second JSON array on an NDJSON line, an event nested in an array
        String deep = "{\"item\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        add("events deep nesting (5000) on a line", "POST", EVENTS, deep + "\n{\"user_id\": \"h-deep\", \"item\": \"k1\", \"type\": \"view\"}\n", NDJSON,
            new EventRefused("\\[events\\]|\\[item\\]"));
        String nestedObjects = "{\"user_id\": \"h-deep-2\", \"item\": \"k1\", \"type\": \"view\", \"query\": " + "{\"a\": ".repeat(3_000) + "1" + "}".repeat(3_000) + "}";
        add("events deep objects (3000) on a line", "POST", EVENTS, nestedObjects + "\n{\"user_id\": \"h-deep-2\", \"item\": \"k1\", \"type\": \"view\"}\n", NDJSON,
            new EventRefused("\\[events\\]|\\[query\\]"));
        add("events second JSON array", "POST", EVENTS,
            "[{\"user_id\": \"h-arr\", \"item\": \"k1\", \"type\": \"view\"}]\n[{\"user_id\": \"h-arr\", \"item\": \"k2\", \"type\": \"view\"}]\n",
            NDJSON, new Refused("\\[events\\]"));
        // a line that is no JSON object is refused alone, naming its line
        add("events line is a number", "POST", EVENTS, "42\n{\"user_id\": \"h-num\", \"item\": \"k1\", \"type\": \"view\"}\n", NDJSON,
            new EventRefused("\\[events\\] line 1"));
        add("events line is a string", "POST", EVENTS, quote(unicode()) + "\n{\"user_id\": \"h-str\", \"item\": \"k1\", \"type\": \"view\"}\n", NDJSON,
            new EventRefused("\\[events\\] line 1"));
        add("events unknown recommender", "POST", "/_plugins/_recsys/recommenders/" + encode(pathLike()) + "/events",
            "{\"user_id\": \"h-x\", \"item\": \"k1\", \"type\": \"view\"}", NDJSON, new Refused("recommender"));
    }

    // ---------------------------------------------------------------- recommend

    private void search(String what, String recommendBody, String ext, Expect expect) {
        String body = "{\"size\": 5, \"query\": {\"recommend\": " + recommendBody + "}" + (ext == null ? "" : ", \"ext\": " + ext) + "}";
        add("recommend " + what, "POST", "/" + CATALOG + "/_search", body, JSON, expect);
    }

    private static String recommendWith(String extra) {
        return "{\"recommender\": \"shop\", \"user\": {\"id\": \"u-base-1\"}" + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private void recommend() {
        for (String literal : notStrings()) {
            search("recommender=" + literal, "{\"recommender\": " + literal + ", \"user\": {\"id\": \"u-base-1\"}}", null, new Refused("recommender"));
        }
        for (String value : List.of(unicode(), pathLike(), huge(40_000), "")) {
            search("recommender=" + label(value), "{\"recommender\": " + quote(value) + ", \"user\": {\"id\": \"u-base-1\"}}", null, new Refused("recommender"));
        }
        for (String literal : List.of("42", quote("u-base-1"), "[]", "true")) {
            search("user=" + literal, "{\"recommender\": \"shop\", \"user\": " + literal + "}", null, new Refused("user"));
        }
        for (String literal : notStrings()) {
            search("user.id=" + literal, "{\"recommender\": \"shop\", \"user\": {\"id\": " + literal + "}}", null, new Refused("user"));
            search("user.platform=" + literal, "{\"recommender\": \"shop\", \"user\": {\"platform\": " + literal + ", \"id\": \"dev-1\"}}", null, new Refused("user|platform"));
        }
        for (int i = 0; i < 3; i++) {
            search("user.id=unicode (an unknown user: the fallback)", "{\"recommender\": \"shop\", \"user\": {\"id\": " + quote(unicode()) + "}}", null, new Accepted());
            search("user.id=path-like (an unknown user: the fallback)", "{\"recommender\": \"shop\", \"user\": {\"id\": " + quote(pathLike()) + "}}", null, new Accepted());
        }
        // an id no profile can have (ids are at most 512 bytes) is an unknown user: the fallback
        search("user.id=huge (an unknown user: the fallback)", "{\"recommender\": \"shop\", \"user\": {\"id\": " + quote(huge(40_000 + random.nextInt(10_000))) + "}}", null, new Accepted());
        search("user.id=empty", "{\"recommender\": \"shop\", \"user\": {\"id\": \"\"}}", null, new Refused("user"));
        search("user unknown field", "{\"recommender\": \"shop\", \"user\": {\"id\": \"u-base-1\", \"" + word(5) + "\": 1}}", null, new Refused("user|unknown"));

        Map<String, String> counts = new LinkedHashMap<>();
        counts.put("sources.knn.k", "\"sources\": {\"knn\": {\"k\": %s}}");
        counts.put("sources.cooccurrence.size", "\"sources\": {\"cooccurrence\": {\"size\": %s}}");
        counts.put("sources.text.window", "\"query\": {\"match\": {\"title\": \"mug\"}}, \"sources\": {\"text\": {\"window\": %s}}");
        counts.put("sources.popular.size", "\"sources\": {\"popular\": {\"size\": %s}}");
        counts.put("rerank.window", "\"rerank\": {\"window\": %s}");
        counts.put("diversity.max_per_value", "\"diversity\": {\"field\": \"category\", \"max_per_value\": %s}");
        for (Map.Entry<String, String> count : counts.entrySet()) {
            String leaf = count.getKey().substring(count.getKey().lastIndexOf('.') + 1);
            String needle = "\\b" + leaf + "\\b";
            for (String literal : badInts()) {
                search(count.getKey() + "=" + literal, recommendWith(String.format(Locale.ROOT, count.getValue(), literal)), null, new Refused(needle));
            }
            if (count.getKey().startsWith("diversity") == false) { // max_per_value has no upper bound: a large one means no limit
                search(count.getKey() + "=100000000", recommendWith(String.format(Locale.ROOT, count.getValue(), "100000000")), null, new Refused(needle));
            }
        }
        search("sources unknown source", recommendWith("\"sources\": {\"" + word(6) + "\": {\"size\": 5}}"), null, new Refused("sources|unknown"));
        search("sources=array", recommendWith("\"sources\": []"), null, new Refused("sources"));
        for (String literal : List.of(quote("yes"), "42", "[]", "{}")) {
            search("exclude.purchased=" + literal, recommendWith("\"exclude\": {\"purchased\": " + literal + "}"), null, new Refused("purchased"));
        }
        for (String literal : List.of("{}", "[{}]", "[[]]", "42")) {
            search("exclude.items=" + literal, recommendWith("\"exclude\": {\"items\": " + literal + "}"), null, new Refused("items"));
        }
        for (String literal : notStrings()) {
            search("rerank.model=" + literal, recommendWith("\"rerank\": {\"model\": " + literal + "}"), null, new Refused("model"));
            search("diversity.field=" + literal, recommendWith("\"diversity\": {\"field\": " + literal + "}"), null, new Refused("field|diversity"));
            search("context.platform=" + literal, recommendWith("\"context\": {\"platform\": " + literal + "}"), null, new Refused("platform"));
        }
        for (String value : List.of(unicode(), pathLike(), huge(40_000))) {
            search("rerank.model=" + label(value), recommendWith("\"rerank\": {\"model\": " + quote(value) + "}"), null, new Refused("model"));
        }
        search("diversity.field=a vector field", recommendWith("\"diversity\": {\"field\": \"embedding\"}"), null, new Refused("diversity"));
        search("diversity.field=unicode", recommendWith("\"diversity\": {\"field\": " + quote(unicode()) + "}"), null, new Refused("diversity|field"));
        search("filter=unknown query", recommendWith("\"filter\": {\"" + word(7) + "\": {}}"), null, new Refused("unknown|filter|query"));
        search("filter=number", recommendWith("\"filter\": 42"), null, new Refused("filter"));
        search("query=number", recommendWith("\"query\": 42"), null, new Refused("query"));
        // 200 nested bools are a valid query. Not sent: ~500 nested bools overflow the HTTP thread's stack in OpenSearch's own
        // query parser (BoolQueryBuilder.fromXContent recursing) and the node exits, before any recommend code runs.
        String deepBool = "{\"bool\": {\"must\": ".repeat(200) + "{\"match_all\": {}}" + "}}".repeat(200);
        search("query deep bool (200)", recommendWith("\"query\": " + deepBool), null, new Accepted());
        search("filter deep bool (200)", recommendWith("\"filter\": " + deepBool), null, new Accepted());
        String deepArray = "[".repeat(3_000) + "]".repeat(3_000);
        search("exclude.items deep arrays (3000)", recommendWith("\"exclude\": {\"items\": " + deepArray + "}"), null, new Refused("items|depth|nest"));
        for (int i = 0; i < 3; i++) {
            String name = i == 0 ? unicode() : word(8);
            search("unknown field " + label(name), recommendWith(quote(name) + ": 1"), null, new Refused("unknown|" + java.util.regex.Pattern.quote(name)));
        }
        for (String literal : containers()) {
            search("ext.recsys_log.request_id=" + literal, recommendWith(""), "{\"recsys_log\": {\"request_id\": " + literal + "}}", new Refused("request_id"));
        }
        search("ext.recsys_log.request_id=huge", recommendWith(""), "{\"recsys_log\": {\"request_id\": " + quote(huge(257 + random.nextInt(1000))) + "}}", new Refused("request_id"));
        search("ext.recsys_log.request_id=empty", recommendWith(""), "{\"recsys_log\": {\"request_id\": \"\"}}", new Refused("request_id"));
        search("ext.recsys_vectors unknown field", "{\"recommender\": \"shop\", \"user\": {\"id\": \"u-base-1\"}}",
            "{\"recsys_vectors\": {\"field\": \"embedding\", \"" + word(5) + "\": 1}}", new Refused("recsys_vectors|unknown"));
        search("ext.recsys_vectors.field=number", recommendWith(""), "{\"recsys_vectors\": {\"field\": 42}}", new Refused("field|recsys_vectors"));
    }

    private static String label(String value) {
        return value.length() > 30 ? "huge(" + value.length() + ")" : value.isEmpty() ? "empty" : value;
    }

    // ---------------------------------------------------------------- recommenders

    /** PUT of a new recommender; a refused one must leave no index behind (checked by the test). */
    private void putRecommender(String what, String name, String body, Expect expect) {
        add("recommender " + what, "PUT", "/_plugins/_recsys/recommenders/" + encode(name), body, JSON, expect);
    }

    String freshRecommender() {
        return "h-rec-" + (serial++);
    }

    private void recommenders() {
        for (String literal : notStrings()) {
            putRecommender("catalog.index=" + literal, freshRecommender(), "{\"catalog\": {\"index\": " + literal + "}}", new Refused("catalog|index"));
        }
        for (String value : List.of(unicode(), pathLike(), huge(40_000), "", "recsys-shop-profiles")) {
            putRecommender("catalog.index=" + label(value), freshRecommender(), "{\"catalog\": {\"index\": " + quote(value) + "}}", new Refused("catalog|index"));
        }
        for (String field : List.of("id_field", "vector_field", "category_field", "price_field", "stock_field")) {
            for (String literal : List.of("42", "[]", "{}", quote(""))) {
                putRecommender("catalog." + field + "=" + literal, freshRecommender(), "{\"catalog\": {\"index\": \"products\", \"" + field + "\": " + literal + "}}", new Refused(field));
            }
        }
        putRecommender("catalog.vector_field=a text field", freshRecommender(), "{\"catalog\": {\"index\": \"products\", \"vector_field\": \"title\"}}", new Refused("vector_field"));
        putRecommender("catalog.text_fields=number", freshRecommender(), "{\"catalog\": {\"index\": \"products\", \"text_fields\": 42}}", new Refused("text_fields"));
        for (String literal : List.of("-1", "1e999", "-1e999", "1000001", quote("x"), "[]", "{}", "true")) {
            putRecommender("events.weights.view=" + literal, freshRecommender(),
                "{\"catalog\": {\"index\": \"products\"}, \"events\": {\"weights\": {\"view\": " + literal + "}}}", new Refused("weights"));
        }
        putRecommender("events.weights unknown type", freshRecommender(),
            "{\"catalog\": {\"index\": \"products\"}, \"events\": {\"weights\": {" + quote(unicode()) + ": 1}}}", new Refused("weights"));
        for (String field : List.of("half_life", "session_gap")) {
            for (String literal : List.of(quote("1nanos"), quote("0s"), quote("-1d"), quote(word(3)), "42", quote("1e999d"), "[]", quote("999999999999999999d"))) {
                putRecommender("events." + field + "=" + literal, freshRecommender(),
                    "{\"catalog\": {\"index\": \"products\"}, \"events\": {\"" + field + "\": " + literal + "}}", new Refused(field));
            }
        }
        for (String literal : List.of("0", "-1", "10001", "1e999", quote("x"), "[]")) {
            putRecommender("events.max_recent_items=" + literal, freshRecommender(),
                "{\"catalog\": {\"index\": \"products\"}, \"events\": {\"max_recent_items\": " + literal + "}}", new Refused("max_recent_items"));
        }
        for (String literal : List.of("-1", "1e999", "-1e999", "101", quote("x"), "[]", "{}", "true", "null")) {
            putRecommender("fusion.weights.cooccurrence=" + literal, freshRecommender(),
                "{\"catalog\": {\"index\": \"products\"}, \"fusion\": {\"weights\": {\"cooccurrence\": " + literal + "}}}", new Refused("fusion"));
        }
        putRecommender("fusion.weights unknown source", freshRecommender(),
            "{\"catalog\": {\"index\": \"products\"}, \"fusion\": {\"weights\": {" + quote(unicode()) + ": 1}}}", new Refused("fusion"));
        putRecommender("fusion.weights all zero", freshRecommender(), "{\"catalog\": {\"index\": \"products\"}, \"fusion\": {\"weights\": "
            + "{\"knn\": 0, \"cooccurrence\": 0, \"neighbors\": 0, \"text\": 0, \"popular\": 0, \"trending\": 0}}}", new Refused("fusion"));
        putRecommender("fusion not an object", freshRecommender(), "{\"catalog\": {\"index\": \"products\"}, \"fusion\": [1, 2]}", new Refused("fusion"));
        for (String literal : List.of(quote("no-such-model-" + word(6)), "42", "[]", quote(huge(40_000)), quote(pathLike()))) {
            putRecommender("model=" + label(literal), freshRecommender(), "{\"catalog\": {\"index\": \"products\"}, \"model\": " + literal + "}", new Refused("model"));
        }
        for (String level : List.of("", "catalog", "events")) {
            String unknown = quote(word(6)) + ": 1";
            String body = switch (level) {
                case "" -> "{\"catalog\": {\"index\": \"products\"}, " + unknown + "}";
                case "catalog" -> "{\"catalog\": {\"index\": \"products\", " + unknown + "}}";
                default -> "{\"catalog\": {\"index\": \"products\"}, \"events\": {" + unknown + "}}";
            };
            putRecommender("unknown field at [" + level + "]", freshRecommender(), body, new Refused("unknown"));
        }
        putRecommender("deep nesting (3000)", freshRecommender(), "{\"catalog\": " + "{\"a\": ".repeat(3_000) + "1" + "}".repeat(3_000) + "}", new Refused("catalog|depth|nest|unknown"));
        for (String name : List.of("../x", "..", "UPPER", "a b", "_all", "a*", huge(200), unicode(), pathLike(), "-starts-with-dash")) {
            putRecommender("name=" + label(name), name, "{\"catalog\": {\"index\": \"products\"}}", new Refused("name"));
        }
        for (String name : List.of("../shop", unicode(), pathLike(), huge(300))) {
            add("recommender GET name=" + label(name), "GET", "/_plugins/_recsys/recommenders/" + encode(name), null, JSON, new Refused("recommender|name"));
            add("recommender DELETE name=" + label(name), "DELETE", "/_plugins/_recsys/recommenders/" + encode(name), null, JSON, new Refused("recommender|name"));
        }
    }

    // ---------------------------------------------------------------- identities

    private void link(String what, String body, Expect expect) {
        add("link " + what, "POST", "/_plugins/_recsys/recommenders/shop/identities/_link", body, JSON, expect);
    }

    private void links() {
        String identities = "[{\"platform\": \"app\", \"id\": \"h-dev-%d\"}]";
        for (String literal : notStrings()) {
            link("user_id=" + literal, "{\"user_id\": " + literal + ", \"identities\": " + String.format(Locale.ROOT, identities, serial++) + "}", new Refused("user_id"));
        }
        for (String value : List.of("", huge(40_000), huge(1_048_576))) {
            link("user_id=" + label(value), "{\"user_id\": " + quote(value) + ", \"identities\": " + String.format(Locale.ROOT, identities, serial++) + "}", new Refused("user_id"));
        }
        for (String literal : List.of("42", quote("app:dev"), "{}", "[]", "[42]", "[{}]", "[{\"platform\": \"app\"}]", "[{\"id\": \"d\"}]", "null")) {
            link("identities=" + literal, "{\"user_id\": \"h-link-" + (serial++) + "\", \"identities\": " + literal + "}", new Refused("identities|platform|\\bid\\b"));
        }
        for (String field : List.of("platform", "id")) {
            for (String literal : notStrings()) {
                String identity = field.equals("platform") ? "{\"platform\": " + literal + ", \"id\": \"h-dev\"}" : "{\"platform\": \"app\", \"id\": " + literal + "}";
                link("identities.0." + field + "=" + literal, "{\"user_id\": \"h-link-" + (serial++) + "\", \"identities\": [" + identity + "]}", new Refused("\\b" + field + "\\b|identities"));
            }
            for (String value : List.of("", huge(40_000))) {
                String identity = field.equals("platform") ? "{\"platform\": " + quote(value) + ", \"id\": \"h-dev\"}" : "{\"platform\": \"app\", \"id\": " + quote(value) + "}";
                link("identities.0." + field + "=" + label(value), "{\"user_id\": \"h-link-" + (serial++) + "\", \"identities\": [" + identity + "]}", new Refused("\\b" + field + "\\b|identities"));
            }
        }
        for (String literal : List.of(quote("yes"), "42", "[]", "{}")) {
            link("force=" + literal, "{\"user_id\": \"h-link-" + (serial++) + "\", \"identities\": " + String.format(Locale.ROOT, identities, serial++) + ", \"force\": " + literal + "}", new Refused("force"));
        }
        link("unknown field", "{\"user_id\": \"h-link-" + (serial++) + "\", \"identities\": " + String.format(Locale.ROOT, identities, serial++) + ", " + quote(word(5)) + ": 1}", new Refused("unknown"));
        for (int i = 0; i < 2; i++) {
            link("user_id=unicode", "{\"user_id\": " + quote(unicode()) + ", \"identities\": " + String.format(Locale.ROOT, identities, serial++) + "}", new Accepted());
            link("user_id=path-like", "{\"user_id\": " + quote(pathLike() + "-" + (serial++)) + ", \"identities\": " + String.format(Locale.ROOT, identities, serial++) + "}", new Accepted());
        }
        link("body=array", "[]", new Refused("body|object|user_id|identities"));
        link("body=truncated", "{\"user_id\": \"h-link-t\", \"identities\": [{\"platform\": \"app\"", new Refused("identities|json|unexpected|eof"));
        link("deep nesting (3000)", "{\"user_id\": \"h-link-deep\", \"identities\": " + "[".repeat(3_000) + "]".repeat(3_000) + "}", new Refused("identities|depth|nest"));
    }

    // ---------------------------------------------------------------- profiles

    private void profiles() {
        for (String user : List.of("../../_cluster/settings", "..", ".", "%00", unicode() + "-p", pathLike() + "-p", "anon:app:" + pathLike() + "-p", huge(600), huge(3_000), "*", "_all")) {
            String path = "/_plugins/_recsys/recommenders/shop/profiles/" + encode(user);
            add("profile GET user=" + label(user), "GET", path, null, JSON, new Refused("profile|user"));
            add("profile DELETE user=" + label(user), "DELETE", path, null, JSON, new Refused("profile|user"));
        }
        add("profile GET unknown recommender", "GET", "/_plugins/_recsys/recommenders/" + encode(pathLike()) + "/profiles/u-base-1", null, JSON, new Refused("recommender"));
        add("profile DELETE unknown recommender", "DELETE", "/_plugins/_recsys/recommenders/" + encode(unicode()) + "/profiles/u-base-1", null, JSON, new Refused("recommender"));
    }

    // ---------------------------------------------------------------- models

    private void putModel(String what, String id, String body, Expect expect) {
        add("model " + what, "PUT", "/_plugins/_recsys/models/" + encode(id), body, JSON, expect);
    }

    private String modelBody(String features, String base64, String extra) {
        return "{\"features\": " + features + ", \"model_base64\": " + base64 + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private void models() {
        byte[] real = Base64.getDecoder().decode(modelBase64);
        List<String> badBytes = new ArrayList<>(List.of(quote("not base64!!"), quote(""), "42", "[]", "{}", "null"));
        for (int i = 0; i < 4; i++) {
            byte[] garbage = new byte[1 + random.nextInt(4_000)];
            random.nextBytes(garbage);
            badBytes.add(quote(Base64.getEncoder().encodeToString(garbage)));
        }
        for (int i = 0; i < 3; i++) {
            byte[] truncated = java.util.Arrays.copyOf(real, 1 + random.nextInt(real.length - 1));
            badBytes.add(quote(Base64.getEncoder().encodeToString(truncated)));
            byte[] flipped = real.clone();
            for (int j = 0; j < 20; j++) {
                flipped[random.nextInt(flipped.length)] ^= (byte) (1 + random.nextInt(255));
            }
            badBytes.add(quote(Base64.getEncoder().encodeToString(flipped)));
        }
        for (String literal : badBytes) {
            putModel("model_base64=" + label(literal), "h-model-" + (serial++), modelBody(modelFeatures, literal, ""), new Refused("model_base64|model|onnx"));
        }
        String valid = quote(modelBase64);
        for (String literal : List.of("[]", "[\"nope\"]", "[\"knn_score\", \"knn_score\"]", "42", quote("knn_score"), "[42]", "[\"knn_score\"]", "[" + quote(unicode()) + "]", "{}")) {
            putModel("features=" + literal, "h-model-" + (serial++), modelBody(literal, valid, ""), new Refused("features"));
        }
        for (String literal : List.of("42", "[]", "{}", quote(huge(1_048_576)))) {
            putModel("description=" + label(literal), "h-model-" + (serial++), modelBody(modelFeatures, valid, "\"description\": " + literal), new Refused("description"));
        }
        putModel("unknown field", "h-model-" + (serial++), modelBody(modelFeatures, valid, quote(word(6)) + ": 1"), new Refused("unknown"));
        putModel("body=array", "h-model-" + (serial++), "[]", new Refused("body|object|features|model"));
        putModel("deep nesting (3000)", "h-model-" + (serial++), "{\"features\": " + "[".repeat(3_000) + "]".repeat(3_000) + "}", new Refused("features|depth|nest"));
        for (String id : List.of("../../etc/passwd", ".recsys-models", "_all", "*", "UPPER", huge(300), unicode(), "..", "-dash")) {
            putModel("id=" + label(id), id, modelBody(modelFeatures, valid, ""), new Refused("model_id|\\bid\\b|model"));
            add("model GET id=" + label(id), "GET", "/_plugins/_recsys/models/" + encode(id), null, JSON, new Refused("model"));
            add("model DELETE id=" + label(id), "DELETE", "/_plugins/_recsys/models/" + encode(id), null, JSON, new Refused("model"));
        }
    }

    private void aliases() {
        String path = "/_plugins/_recsys/models/_aliases";
        for (String literal : List.of("42", "{}", "[42]", "[{}]", "[{\"rename\": {\"alias\": \"a\", \"model_id\": \"base-model\"}}]", "[{\"add\": 42}]")) {
            add("aliases actions=" + literal, "POST", path, "{\"actions\": " + literal + "}", JSON, new Refused("actions|add|remove|rename|alias"));
        }
        for (String alias : List.of(unicode(), pathLike(), huge(300), "", "UPPER", "base-model")) {
            add("aliases alias=" + label(alias), "POST", path, "{\"actions\": [{\"add\": {\"alias\": " + quote(alias) + ", \"model_id\": \"base-model\"}}]}", JSON, new Refused("alias"));
        }
        for (String model : List.of("no-such-" + word(5), pathLike(), unicode())) {
            add("aliases model_id=" + label(model), "POST", path, "{\"actions\": [{\"add\": {\"alias\": \"h-alias\", \"model_id\": " + quote(model) + "}}]}", JSON, new Refused("model"));
        }
        for (String literal : notStrings()) {
            add("aliases model_id=" + literal, "POST", path, "{\"actions\": [{\"add\": {\"alias\": \"h-alias\", \"model_id\": " + literal + "}}]}", JSON, new Refused("model_id|model"));
        }
        add("aliases unknown field", "POST", path, "{\"actions\": [], " + quote(word(5)) + ": 1}", JSON, new Refused("unknown"));
    }

    // ---------------------------------------------------------------- indicators, stats

    private void indicators() {
        String path = "/_plugins/_recsys/indicators/_build";
        String source = "\"source\": {\"index\": \"recsys-shop-profiles\", \"field\": \"history\"}";
        String dest = "\"dest\": {\"index\": \"h-indicators\"}";
        for (String literal : notStrings()) {
            add("indicators source.index=" + literal, "POST", path, "{\"source\": {\"index\": " + literal + ", \"field\": \"history\"}, " + dest + "}", JSON, new Refused("index|source"));
            add("indicators dest.index=" + literal, "POST", path, "{" + source + ", \"dest\": {\"index\": " + literal + "}}", JSON, new Refused("index|dest"));
        }
        for (String field : List.of("size", "min_doc_count", "sample_size", "max_items", "parallelism")) {
            for (String literal : List.of("-1", "1e999", quote("x"), "[]")) {
                add("indicators " + field + "=" + literal, "POST", path, "{" + source + ", " + dest + ", \"" + field + "\": " + literal + "}", JSON, new Refused(field));
            }
        }
        add("indicators dest=a recommender's index", "POST", path, "{" + source + ", \"dest\": {\"index\": \"recsys-shop-events\"}}", JSON, new Refused("dest"));
        add("indicators source.index=path-like", "POST", path, "{\"source\": {\"index\": " + quote(pathLike()) + ", \"field\": \"history\"}, " + dest + "}", JSON, new Refused("index|source"));
        add("indicators unknown field", "POST", path, "{" + source + ", " + dest + ", " + quote(word(5)) + ": 1}", JSON, new Refused("unknown"));
    }

    /** Writes that bypass the APIs: refused for everyone (the plugin's indices are written by the plugin only). */
    private void directWrites() {
        Refused guarded = new Refused("written only through the opensearch-recsys APIs");
        add("direct write: device hijack", "PUT", "/recsys-shop-identities/_doc/app:dev-base",
            "{\"platform\": \"app\", \"id\": \"dev-base\", \"user_id\": \"victim\"}", JSON, guarded);
        add("direct write: profile overwrite", "PUT", "/recsys-shop-profiles/_doc/u-base-1", "{\"user_id\": \"u-base-1\", \"event_count\": 0}", JSON, guarded);
        add("direct write: bulk delete of an event", "POST", "/_bulk",
            "{\"delete\": {\"_index\": \"recsys-shop-events\", \"_id\": \"" + word(8) + "\"}}\n", NDJSON, guarded);
        add("direct write: delete_by_query on profiles", "POST", "/recsys-shop-profiles/_delete_by_query", "{\"query\": {\"match_all\": {}}}", JSON, guarded);
        add("direct write: update_by_query on identities", "POST", "/recsys-shop-identities/_update_by_query",
            "{\"script\": {\"source\": \"ctx._source.user_id = 'victim'\"}}", JSON, guarded);
        add("direct write: model bytes", "PUT", "/.recsys-models/_doc/base-model", "{\"x\": 1}", JSON, guarded);
        add("direct write: a future recommender's identities", "PUT", "/recsys-later-identities/_doc/app:x", "{\"user_id\": \"victim\"}", JSON, guarded);
    }

    private void stats() {
        for (String node : List.of(pathLike(), unicode(), "_none")) {
            add("stats node=" + label(node) + " (nodes APIs answer the nodes that match: none)", "GET", "/_plugins/_recsys/_stats/" + encode(node), null, JSON, new Accepted());
        }
    }
}
