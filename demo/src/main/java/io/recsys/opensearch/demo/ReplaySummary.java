package io.recsys.opensearch.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the event replay did, as the report prints it; stored in {@code _meta.recsys_demo.replay} so a run that finds
 * the replay done can print it again.
 *
 * @param fingerprint      what was replayed (see {@link EventReplay#fingerprint})
 * @param events           events sent
 * @param applied          events the plugin applied (201)
 * @param duplicates       events it had already applied (200, an event id seen before)
 * @param refused          events it refused (4xx/5xx)
 * @param deviceProfiles   distinct anonymous device profiles the events went to
 * @param customers        customers linked, one link request each
 * @param identitiesLinked device identities linked to their customers
 * @param profilesMerged   anonymous profiles merged into customer profiles by the links
 * @param eventsMillis     time spent sending events
 * @param linksMillis      time spent linking
 * @param reused           true when this run found the replay done and skipped it
 */
record ReplaySummary(
    String fingerprint,
    long events,
    long applied,
    long duplicates,
    long refused,
    long deviceProfiles,
    long customers,
    long identitiesLinked,
    long profilesMerged,
    long eventsMillis,
    long linksMillis,
    boolean reused
) {

    /** Events sent per second of the sending step: the ingest rate, profile updates included. */
    double eventsPerSecond() {
        return eventsMillis == 0 ? 0 : events * 1000.0 / eventsMillis;
    }

    Map<String, Object> toMeta() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("fingerprint", fingerprint);
        meta.put("events", events);
        meta.put("applied", applied);
        meta.put("duplicates", duplicates);
        meta.put("refused", refused);
        meta.put("device_profiles", deviceProfiles);
        meta.put("customers", customers);
        meta.put("identities_linked", identitiesLinked);
        meta.put("profiles_merged", profilesMerged);
        meta.put("events_millis", eventsMillis);
        meta.put("links_millis", linksMillis);
        return meta;
    }

    static ReplaySummary fromMeta(Map<String, Object> meta) {
        return new ReplaySummary((String) meta.get("fingerprint"), Json.number(meta, "events", 0), Json.number(meta, "applied", 0),
            Json.number(meta, "duplicates", 0), Json.number(meta, "refused", 0), Json.number(meta, "device_profiles", 0),
            Json.number(meta, "customers", 0), Json.number(meta, "identities_linked", 0), Json.number(meta, "profiles_merged", 0),
            Json.number(meta, "events_millis", 0), Json.number(meta, "links_millis", 0), true);
    }
}
