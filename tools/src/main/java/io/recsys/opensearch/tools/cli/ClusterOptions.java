package io.recsys.opensearch.tools.cli;

import io.recsys.opensearch.tools.rest.ClusterClient;
import picocli.CommandLine.Option;

import java.time.Duration;

/** Where the cluster is: shared by every command. */
public final class ClusterOptions {

    @Option(names = "--url", defaultValue = "${env:RECSYS_URL:-http://127.0.0.1:9200}",
        description = "The cluster's REST address (env RECSYS_URL). Default: ${DEFAULT-VALUE}")
    String url;

    @Option(names = "--timeout", defaultValue = "120", description = "Seconds to wait for one request. Default: ${DEFAULT-VALUE}")
    int timeoutSeconds;

    public ClusterClient client() {
        ClusterClient client = new ClusterClient(url, Duration.ofSeconds(timeoutSeconds));
        client.waitForYellow(Duration.ofSeconds(Math.min(60, timeoutSeconds)));
        return client;
    }
}
