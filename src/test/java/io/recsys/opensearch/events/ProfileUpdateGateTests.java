package io.recsys.opensearch.events;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProfileUpdateGateTests {

    @Test
    void aProfileHeldByOneBatchIsBusyForTheOthersUntilReleased() {
        ProfileUpdateGate gate = new ProfileUpdateGate();
        ProfileUpdateGate.Admission first = gate.admit("profiles", List.of("u1", "u2"));
        assertEquals(List.of("u1", "u2"), first.admitted());

        ProfileUpdateGate.Admission second = gate.admit("profiles", List.of("u2", "u3"));
        assertEquals(List.of("u3"), second.admitted());
        assertEquals(List.of("u2"), second.busy());
        // another recommender's profile of the same id is another profile
        assertEquals(List.of("u2"), gate.admit("other-profiles", List.of("u2")).admitted());

        first.release();
        ProfileUpdateGate.Admission third = gate.admit("profiles", List.of("u2"));
        assertEquals(List.of("u2"), third.admitted());
        first.release(); // a second release of the same admission must not free what the third one holds
        assertEquals(List.of("u2"), gate.admit("profiles", List.of("u2")).busy());
    }

    @Test
    void whatWaitsRunsOnceAfterTheLastOfItsProfilesIsReleased() {
        ProfileUpdateGate gate = new ProfileUpdateGate();
        ProfileUpdateGate.Admission one = gate.admit("profiles", List.of("u1"));
        ProfileUpdateGate.Admission two = gate.admit("profiles", List.of("u2"));
        AtomicInteger runs = new AtomicInteger();
        gate.whenReleased("profiles", List.of("u1", "u2", "free"), runs::incrementAndGet);
        assertEquals(0, runs.get());
        one.release();
        assertEquals(0, runs.get());
        two.release();
        assertEquals(1, runs.get());
        assertEquals(0, gate.heldCount());
    }

    @Test
    void waitingForProfilesNobodyHoldsRunsAtOnce() {
        ProfileUpdateGate gate = new ProfileUpdateGate();
        AtomicInteger runs = new AtomicInteger();
        gate.whenReleased("profiles", List.of("u1"), runs::incrementAndGet);
        assertEquals(1, runs.get());
    }
}
