package io.recsys.opensearch.cooccurrence;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Baskets of item ids for the tests, and the straightforward computation the aggregation is checked against: count the
 * baskets by hand and take G² from the entropy form 2N·(H(rows) + H(columns) − H(table)), a different formula from
 * the one {@link Llr} uses.
 */
final class Baskets {

    /** The keyword field the tests index items in. */
    static final String FIELD = "items";
    /** The December 2010 invoices of Online Retail (see src/test/resources/online-retail/NOTICE). */
    static final String RETAIL_RESOURCE = "/online-retail/baskets-2010-12.tsv";

    /** One basket per document, in index order. */
    final List<Set<String>> baskets;

    Baskets(List<Set<String>> baskets) {
        this.baskets = List.copyOf(baskets);
    }

    static Baskets of(String... baskets) {
        List<Set<String>> list = new ArrayList<>();
        for (String basket : baskets) {
            list.add(new LinkedHashSet<>(Arrays.asList(basket.split(" "))));
        }
        return new Baskets(list);
    }

    /** The Online Retail slice: one basket per invoice. */
    static Baskets onlineRetail() {
        List<Set<String>> list = new ArrayList<>();
        try (InputStream in = Baskets.class.getResourceAsStream(RETAIL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + RETAIL_RESOURCE + " is missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] columns = line.split("\t");
                list.add(new LinkedHashSet<>(Arrays.asList(columns[2].split(","))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Baskets(list);
    }

    /** A Lucene document holding the basket the way a keyword field indexes it: terms and sorted-set doc values. */
    static Document document(Collection<String> items) {
        Document doc = new Document();
        for (String item : items) {
            doc.add(new StringField(FIELD, item, Field.Store.NO));
            doc.add(new SortedSetDocValuesField(FIELD, new BytesRef(item)));
        }
        return doc;
    }

    /**
     * The expected answer, counted by hand over the baskets the predicate keeps as background.
     *
     * @return per co-occurring item (anchors left out): {doc_count, bg_count}, plus the sizes in {@link Expected}
     */
    Expected expected(Collection<String> anchors, Predicate<Set<String>> inBackground) {
        long fg = 0;
        long bg = 0;
        Map<String, long[]> counts = new HashMap<>();
        for (Set<String> basket : baskets) {
            if (inBackground.test(basket) == false) {
                continue;
            }
            bg++;
            boolean anchored = basket.stream().anyMatch(anchors::contains);
            if (anchored) {
                fg++;
            }
            for (String item : basket) {
                if (anchors.contains(item)) {
                    continue;
                }
                long[] c = counts.computeIfAbsent(item, k -> new long[2]);
                c[1]++;
                if (anchored) {
                    c[0]++;
                }
            }
        }
        return new Expected(fg, bg, counts);
    }

    Expected expected(Collection<String> anchors) {
        return expected(anchors, basket -> true);
    }

    /**
     * Hand counts for one set of anchors.
     *
     * @param fg     baskets holding an anchor
     * @param bg     baskets in the background
     * @param counts item → {baskets with it and an anchor, baskets with it}
     */
    record Expected(long fg, long bg, Map<String, long[]> counts) {

        /** G² by the entropy formula, or NaN when the item is not positively associated (it would not be returned). */
        double score(String item) {
            long[] c = counts.get(item);
            long k11 = c[0];
            long k12 = fg - k11;
            long k21 = c[1] - k11;
            long k22 = bg - fg - k21;
            if ((double) k11 / (k11 + k12) <= (double) k21 / (k21 + k22)) {
                return Double.NaN;
            }
            double n = bg;
            return 2 * n * (entropy(n, k11 + k12, k21 + k22) + entropy(n, k11 + k21, k12 + k22) - entropy(n, k11, k12, k21, k22));
        }

        /**
         * The shrunk cosine of the anchors' baskets and the item's, {@code with / (sqrt(|anchors| × |item|) + shrink)}, or
         * NaN when the item is not positively associated (it would not be returned).
         */
        double cosine(String item, double shrink) {
            if (Double.isNaN(score(item))) {
                return Double.NaN;
            }
            long[] c = counts.get(item);
            return c[0] / (Math.sqrt((double) fg * c[1]) + shrink);
        }

        /** Items that would be returned for min_doc_count, best first (ties by key), at most size. */
        List<String> top(int size, long minDocCount) {
            return top(size, minDocCount, this::score);
        }

        /** The same by the shrunk cosine. */
        List<String> topByCosine(int size, long minDocCount, double shrink) {
            return top(size, minDocCount, item -> cosine(item, shrink));
        }

        private List<String> top(int size, long minDocCount, java.util.function.ToDoubleFunction<String> scoring) {
            return counts.keySet()
                .stream()
                .filter(item -> counts.get(item)[0] >= minDocCount && Double.isNaN(scoring.applyAsDouble(item)) == false && scoring.applyAsDouble(item) > 0)
                .sorted((a, b) -> {
                    int byScore = Double.compare(scoring.applyAsDouble(b), scoring.applyAsDouble(a));
                    return byScore != 0 ? byScore : a.compareTo(b);
                })
                .limit(size)
                .toList();
        }

        private static double entropy(double n, long... cells) {
            double h = 0;
            for (long cell : cells) {
                if (cell > 0) {
                    double p = cell / n;
                    h -= p * Math.log(p);
                }
            }
            return h;
        }
    }
}
