package io.recsys.opensearch.bench.suite;

import io.recsys.opensearch.bench.Zipf;
import java.util.Random;

/**
 * A generated stream of behaviour events over a {@link SyntheticCatalog}, deterministic for a seed:
 * <ul>
 *   <li>user {@code u-n} has an activity drawn log-normally (σ 1) — the next event's user is drawn in proportion to it, so
 *       consecutive events nearly always belong to different users (the hard case for batching: one profile write per
 *       event) while each user's own events stay in time order;</li>
 *   <li>each user prefers 1–3 clusters drawn with Zipf popularity (exponent {@link #ZIPF}) over clusters; 85% of a
 *       user's events touch a preferred cluster, 15% any cluster (again Zipf); within a cluster the item is drawn with
 *       Zipf popularity over its ranks — so item popularity is Zipf-like overall and users who share clusters share
 *       items (what co-occurrence finds);</li>
 *   <li>types: view 70%, click 15%, cart 10%, purchase 5%; a home platform per user (app 50%, web 35%, mini 15%), used for
 *       80% of its events; sessions of about 6 events a minute apart, separated by about a day and a half, starting
 *       within 30 days before {@link #BASE_TIME}.</li>
 * </ul>
 */
public final class SyntheticEvents {

    /** Zipf exponent of cluster and within-cluster item popularity. */
    static final double ZIPF = 1.0;
    /** 2026-10-01T00:00:00Z: events fall in the 30 days before it and a few days after. */
    static final long BASE_TIME = 1_790_812_800_000L;
    static final String[] PLATFORMS = { "app", "web", "mini" };

    private final SyntheticCatalog catalog;
    private final int users;
    private final Random random;
    /** Cumulative user activity, for drawing the next event's user. */
    private final double[] activityCdf;
    /** Cumulative cluster popularity. */
    private final double[] clusterCdf;
    /** Cumulative within-cluster rank popularity (for the largest cluster; smaller ones redraw past their end). */
    private final double[] rankCdf;
    /** Preferred clusters per user. */
    private final int[][] preferred;
    /** Home platform per user (index into {@link #PLATFORMS}). */
    private final byte[] home;
    /** Time of each user's last event. */
    private final long[] clock;
    /** Each user's current session number. */
    private final int[] session;
    /** Events each user emitted so far. */
    private final int[] emitted;

    public SyntheticEvents(SyntheticCatalog catalog, int users, long seed) {
        this.catalog = catalog;
        this.users = users;
        this.random = new Random(seed);
        this.clusterCdf = Zipf.cdf(catalog.clusters(), ZIPF);
        this.rankCdf = Zipf.cdf(catalog.clusterSize(0), ZIPF);
        this.activityCdf = new double[users];
        this.preferred = new int[users][];
        this.home = new byte[users];
        this.clock = new long[users];
        this.session = new int[users];
        this.emitted = new int[users];
        double sum = 0;
        for (int u = 0; u < users; u++) {
            sum += Math.exp(random.nextGaussian());
            activityCdf[u] = sum;
            int count = 1 + random.nextInt(3);
            preferred[u] = new int[count];
            for (int p = 0; p < count; p++) {
                preferred[u][p] = Zipf.sample(clusterCdf, random);
            }
            int platform = random.nextInt(100);
            home[u] = (byte) (platform < 50 ? 0 : platform < 85 ? 1 : 2);
            clock[u] = BASE_TIME - 30L * 86_400_000 + (long) (random.nextDouble() * 5 * 86_400_000);
        }
        for (int u = 0; u < users; u++) {
            activityCdf[u] /= sum;
        }
    }

    public static String userId(int user) {
        return "u-" + user;
    }

    public int users() {
        return users;
    }

    /** Events the user emitted so far. */
    public int eventsOf(int user) {
        return emitted[user];
    }

    /** The clusters a user prefers. */
    public int[] preferred(int user) {
        return preferred[user].clone();
    }

    /** The next event of the stream, as one JSON line (no newline). */
    public String next() {
        int user = Zipf.sample(activityCdf, random);
        boolean newSession = emitted[user] == 0 || random.nextInt(6) == 0;
        if (newSession) {
            session[user]++;
            clock[user] += emitted[user] == 0 ? 0 : (long) (-Math.log(1 - random.nextDouble()) * 1.5 * 86_400_000);
        } else {
            clock[user] += 5_000 + (long) (-Math.log(1 - random.nextDouble()) * 60_000);
        }
        emitted[user]++;
        int cluster = random.nextInt(100) < 85 ? preferred[user][random.nextInt(preferred[user].length)] : Zipf.sample(clusterCdf, random);
        int item = itemOf(cluster);
        int t = random.nextInt(100);
        String type = t < 70 ? "view" : t < 85 ? "click" : t < 95 ? "cart" : "purchase";
        String platform = PLATFORMS[random.nextInt(100) < 80 ? home[user] : random.nextInt(PLATFORMS.length)];
        return "{\"user_id\":\"" + userId(user) + "\",\"item\":\"" + SyntheticCatalog.id(item) + "\",\"type\":\"" + type + "\",\"platform\":\"" + platform
            + "\",\"ts\":" + clock[user] + ",\"session\":\"" + userId(user) + "-s" + session[user] + "\"}";
    }

    /** An item of the cluster drawn by rank popularity. */
    int itemOf(int cluster) {
        while (true) {
            int item = catalog.item(cluster, Zipf.sample(rankCdf, random));
            if (item >= 0) {
                return item;
            }
        }
    }

    /** A cluster from the less popular half, for probes whose effect must not look like popular items. */
    int tailCluster(Random probeRandom) {
        return catalog.clusters() / 2 + probeRandom.nextInt(catalog.clusters() - catalog.clusters() / 2);
    }


}
