package io.recsys.opensearch.tools.load;

import io.recsys.opensearch.common.retail.PlatformSplit;
import io.recsys.opensearch.tools.data.Interaction;
import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.ClusterException;
import io.recsys.opensearch.tools.rest.Json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * Links users' device identities to their user id through {@code identities/_link}, which merges what each device did
 * into the user's profile. One call per user; the call is idempotent.
 */
public final class IdentityLinker {

    private final ClusterClient client;
    private final String recommender;
    private final PlatformSplit split;

    public IdentityLinker(ClusterClient client, String recommender, PlatformSplit split) {
        this.client = client;
        this.recommender = recommender;
        this.split = split;
    }

    /** The platforms each user has events on, per user, in a stable order. */
    public static Map<String, TreeSet<String>> platformsUsed(Collection<Interaction> interactions) {
        Map<String, TreeSet<String>> used = new TreeMap<>();
        for (Interaction interaction : interactions) {
            used.computeIfAbsent(interaction.user(), u -> new TreeSet<>()).add(interaction.platform());
        }
        return used;
    }

    /** Links {@code user} with its devices on {@code platforms}. */
    public void link(String user, Collection<String> platforms) {
        List<Map<String, String>> identities = new ArrayList<>();
        for (String platform : platforms) {
            identities.add(Map.of("platform", platform, "id", split.deviceOf(user, platform)));
        }
        String path = RecommenderSetup.path(recommender) + "/identities/_link";
        ClusterClient.Reply reply = client.send("POST", path, Json.write(Map.of("user_id", user, "identities", identities)));
        if (reply.ok() == false) {
            throw new ClusterException("POST " + path + " for user [" + user + "] answered " + reply.status() + ": " + ClusterClient.abbreviate(reply.body()));
        }
    }

    /** Links every user of {@code users} that the rule links; returns how many were linked. */
    public int linkAll(Map<String, ? extends Collection<String>> users, double linkShare, IntConsumer progress) {
        int linked = 0;
        for (Map.Entry<String, ? extends Collection<String>> user : users.entrySet()) {
            if (split.linked(user.getKey(), linkShare)) {
                link(user.getKey(), user.getValue());
                linked++;
            }
            progress.accept(1);
        }
        return linked;
    }
}
