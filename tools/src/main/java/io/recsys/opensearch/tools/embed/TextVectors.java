package io.recsys.opensearch.tools.embed;

import io.recsys.opensearch.tools.data.Item;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an item's text says about where it belongs in the interaction space: each title word gets the mean of the
 * (unit) interaction vectors of the items whose titles hold it, and an item's text vector is the IDF-weighted mean of
 * its words' vectors. So a new item titled "RED RETROSPOT MUG" lands among the retrospot items and the mugs that
 * customers did buy, without any model of language.
 *
 * <p>Used for items nobody interacted with (they would otherwise have no usable vector) and, with a text weight, blended
 * into every item's vector.
 */
public final class TextVectors {

    private static final Pattern WORD = Pattern.compile("[a-z][a-z'\\-]+");

    /** Item id → title words. */
    private final Map<String, Set<String>> words = new HashMap<>();
    /** Word → sum of unit vectors of the interacted items holding it. */
    private final Map<String, double[]> wordSums = new HashMap<>();
    /** Word → number of items (all of them) holding it, for the IDF. */
    private final Map<String, Integer> documentFrequency = new HashMap<>();
    private final int itemCount;
    private final int dimension;

    /**
     * @param learned unit vectors of the items that have interactions
     */
    public TextVectors(List<Item> items, Map<String, float[]> learned, int dimension) {
        this.itemCount = items.size();
        this.dimension = dimension;
        for (Item item : items) {
            Set<String> itemWords = words(item.title() + " " + item.category());
            words.put(item.id(), itemWords);
            for (String word : itemWords) {
                documentFrequency.merge(word, 1, Integer::sum);
                float[] vector = learned.get(item.id());
                if (vector != null) {
                    double[] sum = wordSums.computeIfAbsent(word, w -> new double[dimension]);
                    for (int d = 0; d < dimension; d++) {
                        sum[d] += vector[d];
                    }
                }
            }
        }
    }

    /** The item's text vector (unit length), or null when none of its words occurs in an interacted item. */
    public float[] vectorOf(String itemId) {
        double[] vector = new double[dimension];
        boolean any = false;
        for (String word : words.getOrDefault(itemId, Set.of())) {
            double[] sum = wordSums.get(word);
            if (sum == null) {
                continue;
            }
            double idf = Math.log((double) itemCount / documentFrequency.get(word));
            double norm = norm(sum);
            if (idf <= 0 || norm == 0) {
                continue;
            }
            for (int d = 0; d < dimension; d++) {
                vector[d] += idf * sum[d] / norm;
            }
            any = true;
        }
        double norm = norm(vector);
        if (any == false || norm == 0) {
            return null;
        }
        float[] unit = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            unit[d] = (float) (vector[d] / norm);
        }
        return unit;
    }

    /** Lower-case words of two letters or more; digits and sizes ("20CM") drop out; each word once. */
    static Set<String> words(String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return new HashSet<>(found);
    }

    private static double norm(double[] vector) {
        double sum = 0;
        for (double v : vector) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }
}
