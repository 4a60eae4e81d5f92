package io.recsys.opensearch.cooccurrence;

import java.util.Arrays;

/**
 * The best-scoring foreground documents of one shard, at most {@code capacity} of them: what {@code sample_size} counts.
 * A min-heap on (score, collection order): a document replaces the weakest one only with a strictly higher score, so among
 * equal scores (a filter-only query) the first documents collected stay.
 */
final class AnchorSample {

    /** Most documents kept. */
    private final int capacity;
    /** Heap of scores, weakest at 0; grows up to {@link #capacity}. */
    private float[] scores;
    /** Heap of documents, (segment ord << 32) | doc, parallel to {@link #scores}. */
    private long[] docs;
    /** Documents held. */
    private int size;

    AnchorSample(int capacity) {
        this.capacity = capacity;
        int initial = Math.min(capacity, 1024);
        this.scores = new float[initial];
        this.docs = new long[initial];
    }

    void offer(float score, int segment, int doc) {
        long key = ((long) segment << 32) | (doc & 0xFFFFFFFFL);
        if (size < capacity) {
            if (size == scores.length) {
                int grown = (int) Math.min(capacity, 2L * size);
                scores = Arrays.copyOf(scores, grown);
                docs = Arrays.copyOf(docs, grown);
            }
            scores[size] = score;
            docs[size] = key;
            siftUp(size++);
        } else if (score > scores[0]) {
            scores[0] = score;
            docs[0] = key;
            siftDown(0);
        }
    }

    /** Whether {@link #offer} would keep a document of this score. */
    boolean wouldKeep(float score) {
        return size < capacity || score > scores[0];
    }

    int size() {
        return size;
    }

    /** The kept documents as (segment ord << 32) | doc, in index order, for a second pass over the doc values. */
    long[] docsInIndexOrder() {
        long[] sorted = Arrays.copyOf(docs, size);
        Arrays.sort(sorted);
        return sorted;
    }

    /** Heap order: lower score first; on equal scores the later document is weaker, so the earlier one is kept. */
    private boolean weaker(int a, int b) {
        return scores[a] < scores[b] || (scores[a] == scores[b] && docs[a] > docs[b]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (weaker(i, parent) == false) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int right = left + 1;
            int weakest = right < size && weaker(right, left) ? right : left;
            if (weaker(weakest, i) == false) {
                return;
            }
            swap(i, weakest);
            i = weakest;
        }
    }

    private void swap(int a, int b) {
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        long d = docs[a];
        docs[a] = docs[b];
        docs[b] = d;
    }
}
