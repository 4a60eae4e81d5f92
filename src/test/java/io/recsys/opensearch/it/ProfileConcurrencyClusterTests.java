package io.recsys.opensearch.it;

import io.recsys.opensearch.events.Event;
import io.recsys.opensearch.events.EventResult;
import io.recsys.opensearch.events.Identity;
import io.recsys.opensearch.plugin.RecsysPlugin;
import io.recsys.opensearch.profile.CatalogItem;
import io.recsys.opensearch.profile.ProfileState;
import io.recsys.opensearch.profile.ProfileUpdater;
import io.recsys.opensearch.recommender.EventType;
import io.recsys.opensearch.recommender.EventsConfig;
import org.opensearch.knn.plugin.KNNPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchIntegTestCase;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * No lost update: concurrent writers on all three nodes send events for one user and for one of the user's identities,
 * while the identity gets linked (or unlinked, or the account merged into another). Every event must end applied once.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.TEST, numDataNodes = 3, numClientNodes = 0, supportsDedicatedMasters = false)
public class ProfileConcurrencyClusterTests extends OpenSearchIntegTestCase {

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(KNNPlugin.class, RecsysPlugin.class);
    }

    public void testConcurrentWritersAndALinkLoseNoUpdate() throws Exception {
        TestCatalog.create(client(), "products", 4, 3, 1);
        Random random = new Random(7);
        Map<String, float[]> vectors = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            vectors.put("item-" + i, new float[] { random.nextFloat(), random.nextFloat(), random.nextFloat(), random.nextFloat() });
        }
        RecsysClient.indexItems(client(), "products", vectors, Map.of());
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}}");
        ensureGreen();

        int threads = 4, batchesPerThread = 20, eventsPerBatch = 6;
        List<Event> expected = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger batchesSent = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        String[] nodes = internalCluster().getNodeNames();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(new Thread(() -> {
                Random r = new Random(thread);
                try {
                    start.await();
                    for (int b = 0; b < batchesPerThread; b++) {
                        StringBuilder body = new StringBuilder();
                        for (int e = 0; e < eventsPerBatch; e++) {
                            String id = String.format(Locale.ROOT, "t%d-b%d-e%d", thread, b, e);
                            String item = "item-" + r.nextInt(20);
                            EventType type = EventType.values()[r.nextInt(4)];
                            long ts = 1_700_000_000_000L + r.nextInt(30 * 24 * 3600) * 1000L;
                            boolean anonymous = r.nextBoolean();
                            String user = anonymous ? "\"user\": {\"platform\": \"app\", \"id\": \"dev-1\"}" : "\"user_id\": \"u1\"";
                            body.append(String.format(Locale.ROOT, "{\"event_id\": \"%s\", %s, \"item\": \"%s\", \"type\": \"%s\", \"ts\": %d}%n", id, user, item, type.jsonName(), ts));
                            expected.add(new Event(id, "u1", null, item, type, anonymous ? "app" : "unknown", ts, null, null, null, null, null, null));
                        }
                        List<EventResult> results = RecsysClient.ingest(client(nodes[r.nextInt(nodes.length)]), "shop", body.toString());
                        for (EventResult result : results) {
                            if (result.status() != 201) {
                                failures.add(result.toString());
                            }
                        }
                        batchesSent.incrementAndGet();
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }));
        }
        writers.forEach(Thread::start);
        start.countDown();
        while (batchesSent.get() < threads * batchesPerThread / 3) {
            Thread.sleep(5);
        }
        // link while events for the identity keep coming, through another node
        RecsysClient.link(client(nodes[2]), "shop", "u1", false, new Identity("app", "dev-1"));
        for (Thread writer : writers) {
            writer.join();
        }
        assertEquals(List.of(), failures);

        ProfileState actual = RecsysClient.storedProfile(client(), "shop", "u1");
        ProfileState reference = new ProfileState("u1");
        ProfileUpdater updater = new ProfileUpdater(EventsConfig.defaults());
        for (Event event : expected) {
            updater.apply(reference, event, new CatalogItem(event.item(), vectors.get(event.item()), null, null));
        }
        assertEquals(threads * batchesPerThread * eventsPerBatch, actual.eventCount());
        assertEquals(reference.typeCounts(), actual.typeCounts());
        assertEquals(reference.platformCounts(), actual.platformCounts());
        float[] expectedVector = reference.longTerm().mean();
        float[] actualVector = actual.longTerm().mean();
        for (int i = 0; i < expectedVector.length; i++) {
            assertEquals("component " + i, expectedVector[i], actualVector[i], 1e-4f);
        }
        assertEquals("u1", RecsysClient.storedProfile(client(), "shop", "anon:app:dev-1").mergedInto());
    }

    /** Events sent by {@code threads} writers through random nodes; {@code midway} runs once a third of them is sent. */
    private record Sent(List<Event> events, List<String> failures) {}

    private Sent sendWhile(Runnable midway, String... senders) throws InterruptedException {
        int threads = 4, batchesPerThread = 15, eventsPerBatch = 6;
        List<Event> sent = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger batchesSent = new AtomicInteger();
        String[] nodes = internalCluster().getNodeNames();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(new Thread(() -> {
                Random r = new Random(100 + thread);
                try {
                    for (int b = 0; b < batchesPerThread; b++) {
                        StringBuilder body = new StringBuilder();
                        for (int e = 0; e < eventsPerBatch; e++) {
                            String id = String.format(Locale.ROOT, "m%d-b%d-e%d", thread, b, e);
                            String item = "item-" + r.nextInt(20);
                            EventType type = EventType.values()[r.nextInt(4)];
                            String sender = senders[r.nextInt(senders.length)];
                            body.append(String.format(Locale.ROOT, "{\"event_id\": \"%s\", %s, \"item\": \"%s\", \"type\": \"%s\"}%n", id, sender, item, type.jsonName()));
                            sent.add(new Event(id, "x", null, item, type, "unknown", 0, null, null, null, null, null, null));
                        }
                        for (EventResult result : RecsysClient.ingest(client(nodes[r.nextInt(nodes.length)]), "shop", body.toString())) {
                            if (result.status() != 201) {
                                failures.add(result.toString());
                            }
                        }
                        batchesSent.incrementAndGet();
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }));
        }
        writers.forEach(Thread::start);
        while (batchesSent.get() < threads * batchesPerThread / 3) {
            Thread.sleep(5);
        }
        midway.run();
        for (Thread writer : writers) {
            writer.join();
        }
        return new Sent(sent, failures);
    }

    private void createShop() {
        TestCatalog.create(client(), "products", 4, 3, 1);
        Random random = new Random(7);
        Map<String, float[]> vectors = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            vectors.put("item-" + i, new float[] { random.nextFloat(), random.nextFloat(), random.nextFloat(), random.nextFloat() });
        }
        RecsysClient.indexItems(client(), "products", vectors, Map.of());
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}}");
        ensureGreen();
    }

    private static Map<String, Long> typeCounts(List<Event> events) {
        Map<String, Long> counts = new HashMap<>();
        events.forEach(event -> counts.merge(event.type().jsonName(), 1L, Long::sum));
        return counts;
    }

    public void testAnAccountMergedWhileItsEventsKeepComingLosesNoneOfThem() throws Exception {
        createShop();
        RecsysClient.ingest(client(), "shop", "[{\"user_id\": \"u1\", \"item\": \"item-1\", \"type\": \"view\"}, {\"user_id\": \"u2\", \"item\": \"item-2\", \"type\": \"view\"}]");
        RecsysClient.link(client(), "shop", "u1", false, new Identity("app", "dev-1"));
        String[] nodes = internalCluster().getNodeNames();

        Sent sent = sendWhile(() -> RecsysClient.merge(client(nodes[1]), "shop", "u1", "u2"),
            "\"user_id\": \"u1\"", "\"user\": {\"platform\": \"app\", \"id\": \"dev-1\"}", "\"user_id\": \"u2\"");
        assertEquals(List.of(), sent.failures());

        ProfileState u2 = RecsysClient.storedProfile(client(), "shop", "u2");
        assertEquals("every event of u1, its device and u2, once, plus the two before", sent.events().size() + 2, u2.eventCount());
        Map<String, Long> types = typeCounts(sent.events());
        types.merge("view", 2L, Long::sum);
        assertEquals(types, u2.typeCounts());
    }

    public void testAnIdentityUnlinkedWhileItsEventsKeepComingLosesNoneOfThem() throws Exception {
        createShop();
        RecsysClient.link(client(), "shop", "u9", false, new Identity("app", "dev-9"));
        String[] nodes = internalCluster().getNodeNames();

        Sent sent = sendWhile(() -> RecsysClient.unlink(client(nodes[2]), "shop", new Identity("app", "dev-9"), "u9"),
            "\"user\": {\"platform\": \"app\", \"id\": \"dev-9\"}", "\"user_id\": \"u9\"");
        assertEquals(List.of(), sent.failures());

        ProfileState user = RecsysClient.storedProfile(client(), "shop", "u9");
        ProfileState device = RecsysClient.storedProfile(client(), "shop", "anon:app:dev-9");
        long deviceEvents = device == null ? 0 : device.eventCount();
        assertEquals("each event in exactly one of the two profiles", sent.events().size(), user.eventCount() + deviceEvents);
        assertTrue("the device got its events after the unlink", deviceEvents > 0);
        assertNull(device.mergedInto());
    }
}
