package io.recsys.opensearch.identity;

import io.recsys.opensearch.profile.ProfileState;
import io.recsys.opensearch.profile.ProfileStore;
import io.recsys.opensearch.profile.StoredProfile;
import org.opensearch.ExceptionsHelper;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.engine.VersionConflictEngineException;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Read-modify-write of one profile with a conditional write (if_seq_no, or create), re-read and re-applied when another
 * writer got there first: the machinery link, unlink and account merge share, and what makes them lose no event written
 * meanwhile. A change may throw (a 404 or 409 for the caller); it then fails the listener and nothing is written.
 */
final class ConditionalProfileUpdate {

    /** Re-reads after conflicts; contention on one profile is resolved well before. */
    static final int MAX_ATTEMPTS = 200;

    private ConditionalProfileUpdate() {}

    /**
     * Reads {@code profileId}, lets {@code change} return the state to write (the read one changed, or a replacement), or
     * null when there is nothing to write; completes with whether something was written.
     */
    static void update(ProfileStore store, String profileId, Function<StoredProfile, ProfileState> change, ActionListener<Boolean> listener) {
        update(store, profileId, change, 1, listener);
    }

    /** The same, for a change of the state in place that says whether it changed anything. */
    static void updateState(ProfileStore store, String profileId, Predicate<ProfileState> change, ActionListener<Boolean> listener) {
        update(store, profileId, stored -> change.test(stored.state()) ? stored.state() : null, 1, listener);
    }

    private static void update(ProfileStore store, String profileId, Function<StoredProfile, ProfileState> change, int attempt, ActionListener<Boolean> listener) {
        store.read(profileId, ActionListener.wrap(stored -> {
            ProfileState changed = change.apply(stored);
            if (changed == null) {
                listener.onResponse(false);
                return;
            }
            StoredProfile write = new StoredProfile(changed, stored.exists(), stored.seqNo(), stored.primaryTerm());
            store.write(write, retryOnConflict(attempt, () -> update(store, profileId, change, attempt + 1, listener),
                ignored -> listener.onResponse(true), listener));
        }, listener::onFailure));
    }

    /** A write listener that re-runs {@code retry} on a version conflict, up to {@link #MAX_ATTEMPTS}. */
    static ActionListener<Void> retryOnConflict(int attempt, Runnable retry, Consumer<Void> onSuccess, ActionListener<?> listener) {
        return ActionListener.wrap(onSuccess::accept, e -> {
            if (isConflict(e) && attempt < MAX_ATTEMPTS) {
                retry.run();
            } else {
                listener.onFailure(e);
            }
        });
    }

    static boolean isConflict(Exception e) {
        return ExceptionsHelper.unwrapCause(e) instanceof VersionConflictEngineException;
    }
}
