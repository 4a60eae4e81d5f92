package io.recsys.opensearch.tools.data;

/**
 * One catalog item, as the tool indexes it.
 *
 * @param id       the item id, the document {@code _id}
 * @param title    its title (may be empty)
 * @param category its category, never null ({@code other} when unknown)
 * @param price    its price, or null when unknown
 */
public record Item(String id, String title, String category, Double price) {}
