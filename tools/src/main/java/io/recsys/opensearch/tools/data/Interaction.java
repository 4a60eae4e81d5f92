package io.recsys.opensearch.tools.data;

/**
 * One line of an event log, in the tool's common form whatever the input format.
 *
 * @param user      the shop's user id (the customer, not a device)
 * @param item      the item id, as in the catalog
 * @param timestamp epoch millis
 * @param type      view, click, cart, purchase or impression
 * @param platform  the platform it happened on, or null when the log has none (a pseudo-platform may be assigned)
 * @param session   a session, basket or invoice id, or null
 * @param price     the price paid or shown, or null
 * @param quantity  units, 1 when the log has none
 */
public record Interaction(String user, String item, long timestamp, String type, String platform, String session, Double price, int quantity) {

    public Interaction withPlatform(String newPlatform) {
        return new Interaction(user, item, timestamp, type, newPlatform, session, price, quantity);
    }
}
