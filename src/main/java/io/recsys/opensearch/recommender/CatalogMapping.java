package io.recsys.opensearch.recommender;

import org.opensearch.action.support.IndicesOptions;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.metadata.MappingMetadata;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a recommender's catalog against the catalog index's live mapping, read from the cluster state.
 * The vector field is required (recall needs it); the other fields may be unmapped yet (an empty catalog gains them
 * with its first documents), but a mapped field of the wrong type is refused, since the feature would silently be 0.
 */
public final class CatalogMapping {

    public static final String KNN_VECTOR = "knn_vector";
    private static final Set<String> NUMERIC = Set.of(
        "long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float", "unsigned_long"
    );
    private static final Set<String> TEXT = Set.of("text", "match_only_text", "keyword", "search_as_you_type", "wildcard");
    /**
     * Types whose value a candidate can be grouped by ({@code recommend.diversity.field}): read as one string from doc
     * values or {@code _source}. Vectors, objects, geo shapes and binaries have no single value to compare.
     */
    public static final Set<String> DIVERSITY_TYPES = java.util.Collections.unmodifiableSortedSet(
        new java.util.TreeSet<>(union(union(NUMERIC, TEXT), Set.of("constant_keyword", "boolean", "ip", "date", "date_nanos")))
    );

    /**
     * What a valid catalog resolves to.
     *
     * @param indices    the concrete indices behind {@code catalog.index} (an alias may name several)
     * @param dimension  dimension of the catalog's vectors
     * @param outOfStock the query matching out-of-stock items ({@code catalog.stock_field} false when it is a boolean,
     *                   at most 0 when it is a number), or null while the field is mapped nowhere; an item without a
     *                   value is not out of stock
     */
    public record CatalogInfo(List<String> indices, int dimension, QueryBuilder outOfStock) {}

    private CatalogMapping() {}

    /**
     * Resolves and checks the catalog; throws {@code IndexNotFoundException} (404) when the index does not exist and
     * {@link IllegalArgumentException} (400) naming the field when its mapping does not fit.
     */
    public static CatalogInfo validate(ClusterState state, IndexNameExpressionResolver resolver, CatalogConfig catalog) {
        String[] concrete = resolver.concreteIndexNames(state, IndicesOptions.strictExpandOpen(), catalog.index());
        Integer dimension = null;
        QueryBuilder outOfStock = null;
        for (String indexName : concrete) {
            IndexMetadata index = state.metadata().index(indexName);
            MappingMetadata mapping = index.mapping();
            Map<String, Object> properties = mapping == null ? Map.of() : mapping.sourceAsMap();
            int indexDimension = checkVectorField(indexName, properties, catalog.vectorField());
            if (dimension != null && dimension != indexDimension) {
                throw new IllegalArgumentException(
                    String.format(
                        Locale.ROOT,
                        "[catalog.index] the indices behind [%s] disagree on the dimension of [%s]: %d and %d",
                        catalog.index(),
                        catalog.vectorField(),
                        dimension,
                        indexDimension
                    )
                );
            }
            dimension = indexDimension;
            checkOptionalField(indexName, properties, "catalog.category_field", catalog.categoryField(), Set.of("keyword", "constant_keyword"));
            checkOptionalField(indexName, properties, "catalog.price_field", catalog.priceField(), NUMERIC);
            checkOptionalField(indexName, properties, "catalog.stock_field", catalog.stockField(), union(NUMERIC, Set.of("boolean")));
            if (outOfStock == null) {
                outOfStock = outOfStock(properties, catalog.stockField());
            }
            for (String textField : catalog.textFields()) {
                checkOptionalField(indexName, properties, "catalog.text_fields", textField, TEXT);
            }
            if (catalog.idField().equals("_id") == false) {
                checkOptionalField(indexName, properties, "catalog.id_field", catalog.idField(), Set.of("keyword", "constant_keyword"));
            }
        }
        return new CatalogInfo(List.of(concrete), dimension == null ? 0 : dimension, outOfStock);
    }

    /** Out of stock: false for a boolean field, at most 0 for a number (stock counts); null when the field is unmapped. */
    private static QueryBuilder outOfStock(Map<String, Object> properties, String stockField) {
        Map<String, Object> mapping = fieldMapping(properties, stockField);
        if (mapping == null) {
            return null;
        }
        return "boolean".equals(mapping.get("type")) ? QueryBuilders.termQuery(stockField, false) : QueryBuilders.rangeQuery(stockField).lte(0);
    }

    private static int checkVectorField(String index, Map<String, Object> mapping, String field) {
        Map<String, Object> vector = fieldMapping(mapping, field);
        if (vector == null) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[catalog.vector_field] field [%s] is not mapped in index [%s]; map it as a knn_vector", field, index)
            );
        }
        Object type = vector.get("type");
        if (KNN_VECTOR.equals(type) == false) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[catalog.vector_field] field [%s] in index [%s] is of type [%s], expected [knn_vector]", field, index, type)
            );
        }
        Object dataType = vector.getOrDefault("data_type", "float");
        if ("float".equals(dataType) == false) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[catalog.vector_field] field [%s] in index [%s] has data_type [%s], expected [float]", field, index, dataType)
            );
        }
        if (vector.get("dimension") instanceof Number dimension) {
            return dimension.intValue();
        }
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "[catalog.vector_field] field [%s] in index [%s] has no [dimension] in its mapping", field, index)
        );
    }

    private static void checkOptionalField(String index, Map<String, Object> mapping, String setting, String field, Set<String> types) {
        Map<String, Object> fieldMapping = fieldMapping(mapping, field);
        if (fieldMapping == null) {
            return;
        }
        Object type = fieldMapping.getOrDefault("type", "object");
        if (types.contains(type) == false) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[%s] field [%s] in index [%s] is of type [%s], expected one of %s", setting, field, index, type, types)
            );
        }
    }

    /**
     * The mapping of a dotted field path: objects are entered through {@code properties}, multi-fields
     * (e.g. {@code title.keyword}) through {@code fields}. Null when unmapped.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> fieldMapping(Map<String, Object> rootMapping, String path) {
        Map<String, Object> current = rootMapping;
        for (String part : path.split("\\.")) {
            Map<String, Object> children = (Map<String, Object>) current.get("properties");
            Object child = children == null ? null : children.get(part);
            if (child == null && current.get("fields") instanceof Map<?, ?> multiFields) {
                child = multiFields.get(part);
            }
            if (child instanceof Map<?, ?> childMapping) {
                current = (Map<String, Object>) childMapping;
            } else {
                return null;
            }
        }
        return current;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
