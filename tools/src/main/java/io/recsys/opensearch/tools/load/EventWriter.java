package io.recsys.opensearch.tools.load;

import io.recsys.opensearch.common.retail.PlatformSplit;
import io.recsys.opensearch.common.retail.StableHash;
import io.recsys.opensearch.tools.data.Interaction;
import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.ClusterException;
import io.recsys.opensearch.tools.rest.Json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Sends interactions to the recommender's events endpoint as NDJSON, in batches. Events are ordered by user and then
 * time, so a batch touches few profiles (the plugin writes each touched profile once per batch) and each profile
 * sees its events in order (a session is only reopened by later events).
 *
 * <p>Every event carries an {@code event_id} derived from its content, so loading the same log twice does not count
 * an event twice (the plugin skips ids a profile has already applied).
 */
public final class EventWriter {

    /** Events per request: well under the plugin's recsys.events.max_batch_size (10,000). */
    public static final int DEFAULT_BATCH = 2000;

    /** What the plugin answered, over all batches. */
    public record Result(long accepted, long refused, List<String> firstErrors) {}

    private final ClusterClient client;
    private final String recommender;
    private final IdentityMode identities;
    /** Gives device ids in {@link IdentityMode#DEVICE}; null otherwise. */
    private final PlatformSplit split;
    private final int batchSize;

    public EventWriter(ClusterClient client, String recommender, IdentityMode identities, PlatformSplit split, int batchSize) {
        if (identities == IdentityMode.DEVICE && split == null) {
            throw new IllegalArgumentException("device identities need the platform split");
        }
        this.client = client;
        this.recommender = recommender;
        this.identities = identities;
        this.split = split;
        this.batchSize = batchSize;
    }

    public Result write(List<Interaction> interactions, IntConsumer progress) {
        List<Interaction> ordered = new ArrayList<>(interactions);
        ordered.sort(Comparator.comparing(Interaction::user).thenComparingLong(Interaction::timestamp));
        long accepted = 0, refused = 0;
        List<String> errors = new ArrayList<>();
        String path = RecommenderSetup.path(recommender) + "/events";
        for (int from = 0; from < ordered.size(); from += batchSize) {
            List<Interaction> batch = ordered.subList(from, Math.min(ordered.size(), from + batchSize));
            StringBuilder ndjson = new StringBuilder();
            for (Interaction interaction : batch) {
                ndjson.append(Json.write(event(interaction))).append('\n');
            }
            ClusterClient.Reply reply = client.send("POST", path, ndjson.toString(), "application/x-ndjson");
            if (reply.ok() == false) {
                throw new ClusterException("POST " + path + " answered " + reply.status() + ": " + ClusterClient.abbreviate(reply.body()));
            }
            int position = 0;
            for (var item : reply.json().path("items")) {
                int status = item.path("status").asInt();
                if (status >= 200 && status < 300) {
                    accepted++;
                } else {
                    refused++;
                    if (errors.size() < 5) {
                        Interaction bad = batch.get(Math.min(position, batch.size() - 1));
                        errors.add("user " + bad.user() + ", item " + bad.item() + ": " + status + " " + item.path("error").path("reason").asText());
                    }
                }
                position++;
            }
            progress.accept(batch.size());
        }
        return new Result(accepted, refused, errors);
    }

    /** Sends events already in the API's form (the simulator's impressions and attributed purchases), in batches. */
    public Result send(List<Map<String, Object>> events) {
        long accepted = 0, refused = 0;
        List<String> errors = new ArrayList<>();
        String path = RecommenderSetup.path(recommender) + "/events";
        for (int from = 0; from < events.size(); from += batchSize) {
            StringBuilder ndjson = new StringBuilder();
            for (Map<String, Object> event : events.subList(from, Math.min(events.size(), from + batchSize))) {
                ndjson.append(Json.write(event)).append('\n');
            }
            ClusterClient.Reply reply = client.send("POST", path, ndjson.toString(), "application/x-ndjson");
            if (reply.ok() == false) {
                throw new ClusterException("POST " + path + " answered " + reply.status() + ": " + ClusterClient.abbreviate(reply.body()));
            }
            for (var item : reply.json().path("items")) {
                int status = item.path("status").asInt();
                if (status >= 200 && status < 300) {
                    accepted++;
                } else {
                    refused++;
                    if (errors.size() < 5) {
                        errors.add(status + " " + item.path("error").path("reason").asText());
                    }
                }
            }
        }
        return new Result(accepted, refused, errors);
    }

    /** The event as the plugin's ingest API takes it. */
    public Map<String, Object> event(Interaction interaction) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", eventId(interaction));
        if (identities == IdentityMode.DEVICE) {
            event.put("user", Map.of("platform", interaction.platform(), "id", split.deviceOf(interaction.user(), interaction.platform())));
        } else {
            event.put("user_id", interaction.user());
        }
        event.put("item", interaction.item());
        event.put("type", interaction.type());
        if (interaction.platform() != null) {
            event.put("platform", interaction.platform());
        }
        event.put("ts", interaction.timestamp());
        if (interaction.session() != null) {
            event.put("session", interaction.session());
        }
        if (interaction.price() != null) {
            event.put("price", interaction.price());
        }
        if (interaction.quantity() != 1) {
            event.put("quantity", interaction.quantity());
        }
        return event;
    }

    static String eventId(Interaction interaction) {
        return String.format("%016x", StableHash.of(0, interaction.user(), interaction.item(), Long.toString(interaction.timestamp()),
            String.valueOf(interaction.session()), interaction.type()));
    }
}
