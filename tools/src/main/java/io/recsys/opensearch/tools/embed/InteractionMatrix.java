package io.recsys.opensearch.tools.embed;

import io.recsys.opensearch.tools.data.Interaction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sparse user × item matrix of interaction strengths that ALS factorises, in both orientations (rows by user for
 * the user half-step, by item for the item half-step). The strength of a (user, item) pair is the sum of its events'
 * weights (by default every event type counts 1; a purchase log gives the number of invoices holding the item).
 *
 * @param users     user ids, index = row
 * @param items     item ids, index = column
 * @param byUser    per user: item indexes and strengths
 * @param byItem    per item: user indexes and strengths
 */
public record InteractionMatrix(List<String> users, List<String> items, Row[] byUser, Row[] byItem) {

    /** One sparse row: column indexes and values, same length. */
    public record Row(int[] index, float[] value) {}

    /**
     * @param itemIds the catalog's items, in a fixed order: every one gets a column, interacted with or not
     * @param weights event type → weight; types not listed weigh 1
     */
    public static InteractionMatrix of(List<Interaction> interactions, List<String> itemIds, Map<String, Double> weights) {
        Map<String, Integer> itemIndex = new HashMap<>();
        for (String item : itemIds) {
            itemIndex.put(item, itemIndex.size());
        }
        // sorted users: the row order, and so the result, never depends on the input order
        TreeMap<String, Map<Integer, Float>> rows = new TreeMap<>();
        for (Interaction interaction : interactions) {
            Integer column = itemIndex.get(interaction.item());
            if (column == null) {
                continue; // not in the catalog
            }
            float weight = weights.getOrDefault(interaction.type(), 1.0).floatValue();
            if (weight > 0) {
                rows.computeIfAbsent(interaction.user(), u -> new TreeMap<>()).merge(column, weight, Float::sum);
            }
        }
        List<String> users = new ArrayList<>(rows.keySet());
        Row[] byUser = new Row[users.size()];
        List<List<int[]>> columns = new ArrayList<>();
        List<List<Float>> columnValues = new ArrayList<>();
        for (int i = 0; i < itemIds.size(); i++) {
            columns.add(new ArrayList<>());
            columnValues.add(new ArrayList<>());
        }
        int u = 0;
        for (Map<Integer, Float> row : rows.values()) {
            int[] index = new int[row.size()];
            float[] value = new float[row.size()];
            int k = 0;
            for (Map.Entry<Integer, Float> cell : row.entrySet()) {
                index[k] = cell.getKey();
                value[k] = cell.getValue();
                columns.get(cell.getKey()).add(new int[] { u });
                columnValues.get(cell.getKey()).add(cell.getValue());
                k++;
            }
            byUser[u++] = new Row(index, value);
        }
        Row[] byItem = new Row[itemIds.size()];
        for (int i = 0; i < itemIds.size(); i++) {
            int[] index = columns.get(i).stream().mapToInt(a -> a[0]).toArray();
            float[] value = new float[index.length];
            for (int k = 0; k < index.length; k++) {
                value[k] = columnValues.get(i).get(k);
            }
            byItem[i] = new Row(index, value);
        }
        return new InteractionMatrix(List.copyOf(users), List.copyOf(itemIds), byUser, byItem);
    }

    public long nonZeros() {
        long count = 0;
        for (Row row : byUser) {
            count += row.index().length;
        }
        return count;
    }
}
