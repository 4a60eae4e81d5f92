package io.recsys.opensearch.common.retail;

import java.util.Comparator;
import java.util.List;

/**
 * The pseudo-platform split, for logs that have no platform (Online Retail): simulates a shop whose customers come
 * from several apps and sites, each with its own anonymous identity. Deterministic: every choice is a
 * {@link StableHash} of the seed and the ids, never of the reading order. The demo's event replay and the tools
 * ({@code recsys-tool load}, the cross-platform check) share it, so both give a customer the same devices.
 *
 * <ol>
 *   <li>each user uses 2 or 3 of the platforms ({@code 2 + hash(seed, "count", user) mod 2}, at most as many as
 *       there are); which ones: the platforms ordered by {@code hash(seed, "order", user, platform)}, the first ones;</li>
 *   <li>each session (an Online Retail invoice) happens on one of the user's platforms:
 *       {@code hash(seed, "session", user, session) mod count}, see {@link #platformOf}; a caller whose events have no
 *       session passes another unit instead (the tools pass the UTC day, so a day's events stay on one platform);</li>
 *   <li>on each platform the user has an anonymous device id, {@code <platform>-<16 hex digits of
 *       hash(seed, "device", user, platform)>}, e.g. {@code app-3f0c9b1e7a2d4c55};</li>
 *   <li>linking (after the events): a user's devices are linked to the user id when
 *       {@code unit(seed, "link", user) < link share}; with share 1 every user is linked — an Online Retail customer
 *       signs in to pay, and every row is a purchase.</li>
 * </ol>
 *
 * @param platforms the platform names, e.g. app, web, mini-program
 * @param seed      seeds every choice
 */
public record PlatformSplit(List<String> platforms, long seed) {

    public static final List<String> DEFAULT_PLATFORMS = List.of("app", "web", "mini-program");
    public static final long DEFAULT_SEED = 7L;

    public PlatformSplit {
        platforms = List.copyOf(platforms);
        if (platforms.size() < 2) {
            throw new IllegalArgumentException("the platform split needs at least 2 platforms, got " + platforms);
        }
    }

    /** The platforms one user uses, in their hash order (the first is the one most of the tests call "home"). */
    public List<String> platformsOf(String user) {
        int count = Math.min(platforms.size(), 2 + StableHash.below(2, seed, "count", user));
        return platforms.stream()
            .sorted(Comparator.comparingLong((String p) -> StableHash.of(seed, "order", user, p)).thenComparing(p -> p))
            .limit(count)
            .toList();
    }

    /** The platform, among the user's own, that one session (an invoice, or any other unit of events) happens on. */
    public String platformOf(String user, String session) {
        List<String> own = platformsOf(user);
        return own.get(StableHash.below(own.size(), seed, "session", user, session));
    }

    /** The user's anonymous id on a platform. */
    public String deviceOf(String user, String platform) {
        return platform + "-" + String.format("%016x", StableHash.of(seed, "device", user, platform));
    }

    /** Whether the user's devices get linked to the user id, for a link share in [0, 1]. */
    public boolean linked(String user, double linkShare) {
        return StableHash.unit(seed, "link", user) < linkShare;
    }
}
