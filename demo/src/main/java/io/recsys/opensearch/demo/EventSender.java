package io.recsys.opensearch.demo;

import io.recsys.opensearch.common.retail.Purchase;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Sends purchases to {@code POST …/events} as NDJSON batches and counts what the plugin answered for each event. */
final class EventSender {

    /** Events per request: "a few thousand", well under the plugin's recsys.events.max_batch_size (10,000). */
    static final int BATCH_SIZE = 4_000;
    /**
     * Requests in flight: two, so the node is not idle while the demo builds the next batch and reads a reply. More do
     * not help on 2 cores: one, two and three in flight measured within 15% of each other, the node's CPU being the bound.
     */
    static final int IN_FLIGHT = 2;
    /** Per-event errors kept for the report; the rest are only counted. */
    private static final int ERRORS_KEPT = 5;

    /**
     * @param profiles    distinct profiles the applied events went to (the devices' anonymous profiles)
     * @param firstErrors the first refused events, with the plugin's reason
     */
    record Result(long sent, long applied, long duplicates, long refused, long profiles, List<String> firstErrors, long millis) {}

    private final NodeRest rest;
    private final Console console;
    private final PurchaseEvents events;

    EventSender(NodeRest rest, Console console, PurchaseEvents events) {
        this.rest = rest;
        this.console = console;
        this.events = events;
    }

    /** Sends {@code ordered} in batches, in that order within each batch. */
    Result send(List<Purchase> ordered) {
        AtomicLong applied = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Set<String> profiles = ConcurrentHashMap.newKeySet();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        Progress progress = new Progress(console, "events", ordered.size());
        String path = StorefrontRecommender.PATH + "/events";

        List<Runnable> batches = new ArrayList<>();
        for (int from = 0; from < ordered.size(); from += BATCH_SIZE) {
            List<Purchase> batch = ordered.subList(from, Math.min(ordered.size(), from + BATCH_SIZE));
            batches.add(() -> {
                NodeRest.Reply reply = rest.send("POST", path, events.ndjson(batch), "application/x-ndjson");
                if (reply.ok() == false) {
                    throw new DemoException("POST " + path + " answered " + reply.status() + " to a batch of " + batch.size() + " events: "
                        + NodeRest.abbreviate(reply.body()));
                }
                List<Map<String, Object>> items = Json.objects(reply.json(), "items");
                for (int i = 0; i < items.size(); i++) {
                    Map<String, Object> item = items.get(i);
                    long status = Json.number(item, "status", 0);
                    if (status == 201 || status == 200) {
                        (status == 201 ? applied : duplicates).incrementAndGet();
                        profiles.add(String.valueOf(item.get("user_id")));
                    } else {
                        refused.incrementAndGet();
                        if (errors.size() < ERRORS_KEPT) {
                            Map<String, Object> error = Json.object(item, "error");
                            errors.add("event " + PurchaseEvents.eventId(batch.get(Math.min(i, batch.size() - 1))) + ": " + status + " "
                                + (error == null ? item : error.get("type") + ": " + error.get("reason")));
                        }
                    }
                }
                progress.advance(batch.size());
            });
        }
        long start = System.nanoTime();
        Workers.runAll(batches, IN_FLIGHT, "demo-events");
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Result(ordered.size(), applied.get(), duplicates.get(), refused.get(), profiles.size(), List.copyOf(errors), millis);
    }
}
