package io.recsys.opensearch.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets one event batch at a time on this node read, update and write a given profile. Two batches in flight that share
 * users (the rule, not the exception, when a few thousand users are active) would otherwise both write each shared
 * profile from the same version: one of them meets a version conflict, and pays a second real-time read, apply and
 * write — the largest cost of concurrent ingestion. With the gate the second batch waits for the first one's write and
 * starts from the profile it just wrote (the {@link io.recsys.opensearch.profile.ProfileCache}).
 * <p>
 * Only an optimisation: batches on other nodes, links and forgets are not gated, and the conditional writes still decide
 * (a conflict is still retried). A batch holds profiles only while it reads, applies and writes them, never while it
 * waits for others, so two batches can never wait for each other.
 */
public final class ProfileUpdateGate {

    /** Held profiles (index and id) and what runs once each is released. */
    private final Map<String, List<Runnable>> held = new HashMap<>();

    /** What {@link #admit} gave the caller. */
    public final class Admission {
        private final String index;
        private final List<String> admitted;
        private final List<String> busy;
        private final AtomicBoolean released = new AtomicBoolean();

        private Admission(String index, List<String> admitted, List<String> busy) {
            this.index = index;
            this.admitted = admitted;
            this.busy = busy;
        }

        /** The profiles now held by the caller, to {@link #release} after its write. */
        public List<String> admitted() {
            return admitted;
        }

        /** The profiles another batch holds: the caller tries them again once they are released. */
        public List<String> busy() {
            return busy;
        }

        /** Releases the admitted profiles; only the first call counts (a failure path may call it again). */
        public void release() {
            if (released.compareAndSet(false, true)) {
                ProfileUpdateGate.this.release(index, admitted);
            }
        }
    }

    private static String key(String index, String id) {
        return index + '\u0000' + id;
    }

    /** Takes every free profile of {@code ids}; the rest are busy. */
    public Admission admit(String index, Collection<String> ids) {
        List<String> admitted = new ArrayList<>(ids.size());
        List<String> busy = new ArrayList<>();
        synchronized (held) {
            for (String id : ids) {
                if (held.putIfAbsent(key(index, id), new ArrayList<>(0)) == null) {
                    admitted.add(id);
                } else {
                    busy.add(id);
                }
            }
        }
        return new Admission(index, admitted, busy);
    }

    /** Runs {@code whenReleased} once all of {@code ids} have been released (at once if none is held any more). */
    public void whenReleased(String index, Collection<String> ids, Runnable whenReleased) {
        AtomicInteger waiting = new AtomicInteger(ids.size() + 1);
        Runnable countDown = () -> {
            if (waiting.decrementAndGet() == 0) {
                whenReleased.run();
            }
        };
        int free = 0;
        synchronized (held) {
            for (String id : ids) {
                List<Runnable> waiters = held.get(key(index, id));
                if (waiters == null) {
                    free++;
                } else {
                    waiters.add(countDown);
                }
            }
        }
        for (int i = 0; i <= free; i++) { // the extra count keeps the callback from running before registration ends
            countDown.run();
        }
    }

    /** Releases profiles taken by {@link #admit}, running what waited for them (on the calling thread). */
    void release(String index, Collection<String> ids) {
        List<Runnable> wake = new ArrayList<>();
        synchronized (held) {
            for (String id : ids) {
                List<Runnable> waiters = held.remove(key(index, id));
                if (waiters != null) {
                    wake.addAll(waiters);
                }
            }
        }
        wake.forEach(Runnable::run);
    }

    /** Profiles held right now (for tests and stats). */
    public int heldCount() {
        synchronized (held) {
            return held.size();
        }
    }
}
