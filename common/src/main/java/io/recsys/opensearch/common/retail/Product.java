package io.recsys.opensearch.common.retail;

/**
 * One catalog item as the demo indexes it.
 *
 * @param id         the StockCode, used as the document {@code _id}
 * @param title      the item's most frequent description
 * @param category   derived from the title by {@link CategoryRule}
 * @param price      median UnitPrice over the kept rows, GBP
 * @param popularity number of distinct customers who bought it
 */
public record Product(String id, String title, String category, float price, int popularity) {}
