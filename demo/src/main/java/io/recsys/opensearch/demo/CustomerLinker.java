package io.recsys.opensearch.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.concurrent.atomic.AtomicLong;

/** Links each customer's device identities to the customer with {@code POST …/identities/_link}, one request each. */
final class CustomerLinker {

    /**
     * Links in flight. A link writes its identity documents with an immediate refresh, so one at a time runs at about
     * 8 per second here; 8 at once share refreshes and reach 25-30 per second on 2 cores.
     */
    static final int IN_FLIGHT = 8;
    private static final int ERRORS_KEPT = 5;

    /**
     * @param customers  link requests the plugin accepted
     * @param identities identities linked, over all customers
     * @param merged     anonymous profiles merged into customer profiles
     */
    record Result(long customers, long identities, long merged, long failed, List<String> firstErrors, long millis) {}

    private final NodeRest rest;
    private final Console console;
    private final PurchaseEvents events;

    CustomerLinker(NodeRest rest, Console console, PurchaseEvents events) {
        this.rest = rest;
        this.console = console;
        this.events = events;
    }

    /** @param platformsUsed per customer, the platforms of its devices */
    Result linkAll(SortedMap<String, SortedSet<String>> platformsUsed) {
        AtomicLong customers = new AtomicLong();
        AtomicLong identities = new AtomicLong();
        AtomicLong merged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        Progress progress = new Progress(console, "links", platformsUsed.size());
        String path = StorefrontRecommender.PATH + "/identities/_link";

        List<Runnable> links = new ArrayList<>();
        platformsUsed.forEach((customer, platforms) -> links.add(() -> {
            NodeRest.Reply reply = rest.send("POST", path, CatalogIndex.json(events.link(customer, platforms)));
            if (reply.ok()) {
                Map<String, Object> json = reply.json();
                customers.incrementAndGet();
                identities.addAndGet(Json.number(json, "linked", 0));
                merged.addAndGet(Json.number(json, "merged_profiles", 0));
            } else {
                failed.incrementAndGet();
                if (errors.size() < ERRORS_KEPT) {
                    errors.add("customer " + customer + ": " + reply.status() + " " + NodeRest.abbreviate(reply.body()));
                }
            }
            progress.advance(1);
        }));
        long start = System.nanoTime();
        Workers.runAll(links, IN_FLIGHT, "demo-links");
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Result(customers.get(), identities.get(), merged.get(), failed.get(), List.copyOf(errors), millis);
    }
}
