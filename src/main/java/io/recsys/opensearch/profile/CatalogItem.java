package io.recsys.opensearch.profile;

/**
 * What the profile needs of a catalog item.
 *
 * @param id       item id
 * @param vector   its embedding, or null when the document has none
 * @param category its category, or null
 * @param price    its price, or null
 */
public record CatalogItem(String id, float[] vector, String category, Double price) {}
