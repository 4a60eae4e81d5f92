package io.recsys.opensearch.common.retail;

import java.nio.charset.StandardCharsets;

/**
 * A seeded 64-bit hash of strings that is the same on every machine and every run (String.hashCode has too few bits
 * and no seed). Every "random" choice the demo and the tools make per user, invoice or item goes through it, so a
 * choice does not depend on the order the data is read in.
 */
public final class StableHash {

    private StableHash() {}

    /** FNV-1a over the UTF-8 bytes of the parts (separated), then SplitMix64's finaliser with the seed mixed in. */
    public static long of(long seed, String... parts) {
        long hash = 0xcbf29ce484222325L;
        for (String part : parts) {
            for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                hash ^= b & 0xff;
                hash *= 0x100000001b3L;
            }
            hash ^= 0x1f; // separator: ("ab", "c") and ("a", "bc") differ
            hash *= 0x100000001b3L;
        }
        return mix(hash ^ mix(seed));
    }

    /** A value in [0, 1) from the hash. */
    public static double unit(long seed, String... parts) {
        return (of(seed, parts) >>> 11) * 0x1.0p-53;
    }

    /** A value in [0, bound). */
    public static int below(int bound, long seed, String... parts) {
        return (int) Math.floorMod(of(seed, parts), (long) bound);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
