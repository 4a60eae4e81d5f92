package io.recsys.opensearch.events;

import io.recsys.opensearch.recommender.EventType;

/**
 * One behaviour event, validated.
 *
 * @param eventId   client-given id that makes retries idempotent, or null
 * @param userId    the user, when the client knows it; else null and {@code identity} is set
 * @param identity  the platform identity, when no user id is given; else null
 * @param item      item id as in the catalog's id field
 * @param type      what happened
 * @param platform  where it happened (defaults to the identity's platform, or {@code unknown})
 * @param timestamp epoch millis
 * @param session   client session id, or null (then sessions are cut by the recommender's session gap)
 * @param query     search-box text that led to it, or null
 * @param requestId id of the recommend request that showed the item, or null
 * @param position  position of the item in that response, or null
 * @param quantity  units (purchases, carts), or null
 * @param price     unit price paid, or null (the catalog price is used)
 */
public record Event(
    String eventId,
    String userId,
    Identity identity,
    String item,
    EventType type,
    String platform,
    long timestamp,
    String session,
    String query,
    String requestId,
    Integer position,
    Double quantity,
    Double price
) {}
