package io.recsys.opensearch.cooccurrence;

import org.opensearch.common.lease.Releasable;
import org.opensearch.common.lease.Releasables;
import org.opensearch.common.util.BigArrays;
import org.opensearch.common.util.IntArray;
import org.opensearch.common.util.LongArray;
import org.opensearch.search.aggregations.CardinalityUpperBound;
import org.opensearch.search.aggregations.bucket.terms.LongKeyedBucketOrds;

import java.util.Arrays;

/**
 * Foreground documents per (owning bucket, item), items being global ordinals: the pair counts of one shard.
 * <p>
 * Two layouts. When the pairs belong to one bucket at a time (a top-level aggregation, or a sampled bucket counted after
 * collection) and the shard's items are few enough, the counts sit in an array indexed by ordinal ({@link Dense}): a
 * document's 20 items cost 20 array increments instead of 20 hash look-ups, which is most of the time a list per anchor
 * takes. Otherwise they are keyed by (bucket, ordinal) in OpenSearch's {@link LongKeyedBucketOrds} ({@link Keyed}).
 */
interface PairCounts extends Releasable {

    /**
     * Most items a shard may hold for the array layout: its {@code int} per item then takes at most 8 MiB for the request
     * (from the node's {@link BigArrays}, so under its circuit breaker). A catalog of a million items fits.
     */
    long MAX_DENSE_ITEMS = 1L << 21;

    /** The layout for {@code cardinality} owning buckets over {@code items} global ordinals. */
    static PairCounts create(BigArrays bigArrays, CardinalityUpperBound cardinality, long items) {
        boolean oneBucket = cardinality.map(buckets -> buckets <= 1);
        return oneBucket && items <= MAX_DENSE_ITEMS ? new Dense(bigArrays, items) : new Keyed(bigArrays, cardinality);
    }

    /** Counts one more document holding {@code ord} in {@code bucket}'s foreground. */
    void increment(long bucket, long ord);

    /** Whether {@code ord} was counted in {@code bucket}. */
    boolean contains(long bucket, long ord);

    /** The items counted in {@code bucket}, ascending by ordinal, with their counts. */
    Counted counted(long bucket);

    /** Forgets every count, to count another bucket from zero. */
    void clear();

    /** A bucket's items, ascending by ordinal, and their counts at the same positions. */
    record Counted(long[] ords, long[] counts) {}

    /** One bucket, counts in an array indexed by ordinal; the ordinals counted are listed to read and clear them. */
    final class Dense implements PairCounts {
        private final BigArrays bigArrays;
        private IntArray counts;
        private LongArray counted;
        private long countedSize;

        Dense(BigArrays bigArrays, long items) {
            this.bigArrays = bigArrays;
            boolean done = false;
            try {
                this.counts = bigArrays.newIntArray(Math.max(1, items), true);
                this.counted = bigArrays.newLongArray(64, false);
                done = true;
            } finally {
                if (done == false) {
                    close();
                }
            }
        }

        @Override
        public void increment(long bucket, long ord) {
            if (counts.increment(ord, 1) == 1) {
                counted = bigArrays.grow(counted, countedSize + 1);
                counted.set(countedSize++, ord);
            }
        }

        @Override
        public boolean contains(long bucket, long ord) {
            return ord < counts.size() && counts.get(ord) > 0;
        }

        @Override
        public Counted counted(long bucket) {
            long[] ords = new long[Math.toIntExact(countedSize)];
            for (int i = 0; i < ords.length; i++) {
                ords[i] = counted.get(i);
            }
            Arrays.sort(ords);
            long[] out = new long[ords.length];
            for (int i = 0; i < ords.length; i++) {
                out[i] = counts.get(ords[i]);
            }
            return new Counted(ords, out);
        }

        @Override
        public void clear() {
            for (long i = 0; i < countedSize; i++) {
                counts.set(counted.get(i), 0);
            }
            countedSize = 0;
        }

        @Override
        public void close() {
            Releasables.close(counts, counted);
        }
    }

    /** Any number of buckets, counts keyed by (bucket, ordinal). */
    final class Keyed implements PairCounts {
        private final BigArrays bigArrays;
        private final CardinalityUpperBound cardinality;
        private LongKeyedBucketOrds pairs;
        private LongArray counts;

        Keyed(BigArrays bigArrays, CardinalityUpperBound cardinality) {
            this.bigArrays = bigArrays;
            this.cardinality = cardinality;
            open();
        }

        private void open() {
            boolean done = false;
            try {
                pairs = LongKeyedBucketOrds.build(bigArrays, cardinality);
                counts = bigArrays.newLongArray(1, true);
                done = true;
            } finally {
                if (done == false) {
                    close();
                }
            }
        }

        @Override
        public void increment(long bucket, long ord) {
            long slot = pairs.add(bucket, ord);
            if (slot < 0) {
                slot = -1 - slot;
            } else {
                counts = bigArrays.grow(counts, slot + 1);
            }
            counts.increment(slot, 1);
        }

        @Override
        public boolean contains(long bucket, long ord) {
            return pairs.find(bucket, ord) >= 0;
        }

        @Override
        public Counted counted(long bucket) {
            long[] ords = new long[Math.toIntExact(pairs.bucketsInOrd(bucket))];
            int n = 0;
            LongKeyedBucketOrds.BucketOrdsEnum it = pairs.ordsEnum(bucket);
            while (it.next()) {
                ords[n++] = it.value();
            }
            ords = Arrays.copyOf(ords, n);
            Arrays.sort(ords);
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = counts.get(pairs.find(bucket, ords[i]));
            }
            return new Counted(ords, out);
        }

        @Override
        public void clear() {
            Releasables.close(pairs, counts);
            pairs = null; // if opening new ones fails, close() must not release these again
            counts = null;
            open();
        }

        @Override
        public void close() {
            Releasables.close(pairs, counts);
        }
    }
}
