package io.recsys.opensearch.common.retail;

/**
 * One kept row of the log as the replay sends it: a purchase of {@code quantity} units of {@code item} by
 * {@code customer} on {@code invoice}.
 *
 * @param invoice   the invoice number: the event's session, and the unit the platform split assigns a platform to
 * @param line      the row's position among the invoice's kept rows, from 1: with the invoice it makes a stable event id
 *                  (an invoice may list the same item on two rows, and both are purchases)
 * @param item      the StockCode
 * @param customer  the CustomerID
 * @param timestamp InvoiceDate as epoch millis, read as UTC
 * @param quantity  units, above 0
 * @param price     the unit price paid, GBP, above 0
 */
public record Purchase(String invoice, int line, String item, String customer, long timestamp, int quantity, double price) {}
