package io.recsys.opensearch.demo;

import io.recsys.opensearch.common.retail.PlatformSplit;
import io.recsys.opensearch.common.retail.Purchase;
import io.recsys.opensearch.common.retail.RetailData;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replays the cleaned log as events and links every customer's devices to the customer, so the demo's customers have
 * real cross-platform profiles (rules in {@link PurchaseEvents}).
 *
 * <p>Re-runs: the products index's {@code _meta.recsys_demo.replay} records the replay's fingerprint and counts once it
 * is complete. When it matches and the recommender's indices still hold the replayed events, the replay is skipped;
 * otherwise the recommender is reset (its profiles, links and events deleted) and the log replayed again.
 */
final class EventReplay {

    /** Bump when the events or links change for the same catalog, so old data dirs replay again. */
    static final int REPLAY_VERSION = 1;
    static final String META_KEY = "replay";

    private final NodeRest rest;
    private final Console console;
    private final StorefrontRecommender recommender;
    private final PurchaseEvents events;

    EventReplay(NodeRest rest, Console console, StorefrontRecommender recommender, PlatformSplit split) {
        this.rest = rest;
        this.console = console;
        this.recommender = recommender;
        this.events = new PurchaseEvents(split);
    }

    /** What the replay depends on: the catalog (its vectors make the profiles), this code's rules, the split. */
    static String fingerprint(String catalogFingerprint, PlatformSplit split) {
        return catalogFingerprint + ";replay=" + REPLAY_VERSION + ";platforms=" + String.join(",", split.platforms()) + ";split_seed="
            + split.seed();
    }

    ReplaySummary ensureReplayed(String fingerprint, BackgroundRead<RetailData> data) {
        ReplaySummary existing = existing(fingerprint);
        if (existing != null) {
            console.step("the event log is already replayed (%,d events, %,d customers linked); skipping the replay", existing.events(),
                existing.customers());
            return existing;
        }
        List<Purchase> ordered = PurchaseEvents.replayOrder(data.get().purchases());
        recommender.reset();
        console.step("replaying %,d purchases as events (batches of %,d, %d in flight), each customer's invoices on 2 or 3 devices",
            ordered.size(), EventSender.BATCH_SIZE, EventSender.IN_FLIGHT);
        EventSender.Result sent = new EventSender(rest, console, events).send(ordered);
        console.step("events: %,d sent in %s (%s events/s): %,d applied, %,d duplicates, %,d refused; %,d device profiles",
            sent.sent(), Console.seconds(sent.millis()), rate(sent.sent(), sent.millis()), sent.applied(), sent.duplicates(), sent.refused(),
            sent.profiles());
        warn("refused events", sent.firstErrors());

        CustomerLinker.Result linked = new CustomerLinker(rest, console, events).linkAll(events.platformsUsed(ordered));
        console.step("links: %,d customers signed in (%d in flight) in %s (%s/s): %,d device identities linked, %,d anonymous "
            + "profiles merged, %,d links failed", linked.customers(), CustomerLinker.IN_FLIGHT, Console.seconds(linked.millis()),
            rate(linked.customers(), linked.millis()), linked.identities(), linked.merged(), linked.failed());
        warn("failed links", linked.firstErrors());

        rest.expectOk("POST", "/" + StorefrontRecommender.EVENTS + "," + StorefrontRecommender.PROFILES + "/_refresh", null);
        ReplaySummary summary = new ReplaySummary(fingerprint, sent.sent(), sent.applied(), sent.duplicates(), sent.refused(), sent.profiles(),
            linked.customers(), linked.identities(), linked.merged(), sent.millis(), linked.millis(), false);
        DemoMeta.put(rest, META_KEY, summary.toMeta());
        return summary;
    }

    /** The summary of a complete replay of this fingerprint, or null when there is none or its data is gone. */
    private ReplaySummary existing(String fingerprint) {
        Object meta = DemoMeta.read(rest).get(META_KEY);
        if (meta instanceof Map<?, ?> == false) {
            return null;
        }
        @SuppressWarnings("unchecked")
        ReplaySummary summary = ReplaySummary.fromMeta((Map<String, Object>) meta);
        if (fingerprint.equals(summary.fingerprint()) == false) {
            console.step("the events were replayed from other data or by another version of the demo: replaying again");
            return null;
        }
        String replayed = "{\"query\": {\"prefix\": {\"event_id\": \"" + PurchaseEvents.EVENT_ID_PREFIX + "\"}}}";
        NodeRest.Reply events = rest.send("POST", "/" + StorefrontRecommender.EVENTS + "/_count", replayed);
        String customers = "{\"query\": {\"term\": {\"anonymous\": false}}}";
        NodeRest.Reply profiles = rest.send("POST", "/" + StorefrontRecommender.PROFILES + "/_count", customers);
        if (events.ok() == false || profiles.ok() == false || Json.number(events.json(), "count", -1) != summary.applied()
            || Json.number(profiles.json(), "count", -1) < summary.customers()) {
            console.step("the recommender's indices no longer hold the replayed events: replaying again");
            return null;
        }
        return summary;
    }

    private void warn(String what, List<String> errors) {
        if (errors.isEmpty() == false) {
            console.step("the plugin reported %s, the first ones:", what);
            errors.forEach(error -> console.step("  %s", error));
        }
    }

    static String rate(long count, long millis) {
        return String.format(Locale.ROOT, "%,.0f", millis == 0 ? 0.0 : count * 1000.0 / millis);
    }
}
