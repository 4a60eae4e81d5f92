package io.recsys.opensearch.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Fails early, with a message a newcomer can act on, when a port the demo needs (the node's, the page's) is taken. */
final class PortCheck {

    /** A port the demo binds, with the knob that moves it and a free-looking port to suggest. */
    enum Use {
        HTTP("RECSYS_DEMO_HTTP_PORT", 9210, "another OpenSearch, or a demo still running?"),
        PAGE("RECSYS_DEMO_PAGE_PORT", 9211, "a demo still running, or another web server?");

        final String knob;
        final int suggestion;
        final String likelyHolder;

        Use(String knob, int suggestion, String likelyHolder) {
            this.knob = knob;
            this.suggestion = suggestion;
            this.likelyHolder = likelyHolder;
        }
    }

    private PortCheck() {}

    static void ensureFree(String host, int port, Use use) {
        try (ServerSocket socket = new ServerSocket()) {
            // the node binds with SO_REUSEADDR too: a port left in TIME_WAIT by a previous run is free for it
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new DemoException(inUse(host, port, use));
        }
    }

    static String inUse(String host, int port, Use use) {
        return "port " + port + " on " + host + " is already in use (" + use.likelyHolder + "). "
            + "Stop it (check with: curl " + host + ":" + port + "), or run the demo on another port: "
            + use.knob + "=" + use.suggestion + " scripts/demo.sh";
    }
}
