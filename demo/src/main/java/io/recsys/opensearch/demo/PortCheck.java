package io.recsys.opensearch.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Fails early, with a message a newcomer can act on, when the HTTP port is already taken. */
final class PortCheck {

    private PortCheck() {}

    static void ensureFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // the node binds with SO_REUSEADDR too: a port left in TIME_WAIT by a previous run is free for it
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new DemoException(inUse(host, port));
        }
    }

    static String inUse(String host, int port) {
        return "port " + port + " on " + host + " is already in use (another OpenSearch, or a demo still running?). "
            + "Stop it (check with: curl " + host + ":" + port + "), or run the demo on another port: "
            + "RECSYS_DEMO_HTTP_PORT=9201 scripts/demo.sh";
    }
}
