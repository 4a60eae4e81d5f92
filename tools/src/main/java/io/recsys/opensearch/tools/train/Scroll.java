package io.recsys.opensearch.tools.train;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.ClusterException;
import io.recsys.opensearch.tools.rest.Json;

import java.util.Map;
import java.util.function.Consumer;

/** Reads every document matching a query, with the scroll API (the feature log and the events can be large). */
final class Scroll {

    private Scroll() {}

    /** Streams each hit's {@code _source} to {@code sink}; returns the number of hits. */
    static long each(ClusterClient client, String index, Map<String, Object> query, Consumer<JsonNode> sink) {
        ClusterClient.Reply reply = client.send("POST", "/" + index + "/_search?scroll=2m", Json.write(Map.of("size", 2000, "query", query, "sort", "_doc")));
        if (reply.status() == 404) {
            throw new ClusterException("no index [" + index + "] on " + client.baseUrl());
        }
        if (reply.ok() == false) {
            throw new ClusterException("reading [" + index + "] answered " + reply.status() + ": " + ClusterClient.abbreviate(reply.body()));
        }
        long count = 0;
        JsonNode page = reply.json();
        String scrollId = page.path("_scroll_id").asText();
        try {
            while (page.path("hits").path("hits").isEmpty() == false) {
                for (JsonNode hit : page.path("hits").path("hits")) {
                    sink.accept(hit.path("_source"));
                    count++;
                }
                page = client.expectOk("POST", "/_search/scroll", Json.write(Map.of("scroll", "2m", "scroll_id", scrollId))).json();
                scrollId = page.path("_scroll_id").asText(scrollId);
            }
        } finally {
            client.send("DELETE", "/_search/scroll", Json.write(Map.of("scroll_id", scrollId)));
        }
        return count;
    }
}
