package io.recsys.opensearch.common.retail;

/**
 * One line of the Online Retail log, as written in the file.
 *
 * @param invoiceNo   invoice number; a leading {@code C} marks a cancellation
 * @param stockCode   the item (five digits, sometimes a letter after them) or a non-product code such as POST
 * @param description free text, sometimes empty
 * @param quantity    units on this line; negative for returns and stock corrections
 * @param invoiceDate {@code yyyy-MM-dd HH:mm:ss}, kept as text: the demo does not need the time
 * @param unitPrice   GBP per unit
 * @param customerId  the customer, or null when the line has none
 * @param country     the customer's country
 */
public record RetailRow(
    String invoiceNo,
    String stockCode,
    String description,
    int quantity,
    String invoiceDate,
    double unitPrice,
    String customerId,
    String country
) {}
