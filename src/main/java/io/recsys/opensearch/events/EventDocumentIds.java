package io.recsys.opensearch.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Document ids of stored events that carry an {@code event_id}: the id is the client's, but two shoppers may both send
 * {@code order-1}, so the document id is a digest of the sender (the user id, or the platform identity) and the event
 * id. A retry by the same sender overwrites its own document; another sender's event never does. The digest keeps the
 * document id at 43 characters whatever the lengths of the two ids.
 */
public final class EventDocumentIds {

    private EventDocumentIds() {}

    /** The document id of an event that has an event id. */
    public static String of(Event event) {
        String sender = event.userId() != null ? "user_id:" + event.userId() : "identity:" + event.identity().linkDocId();
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(sender.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0); // no sender and event id pair can run into another
            sha256.update(event.eventId().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
