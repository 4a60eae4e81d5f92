package io.recsys.opensearch.model;

import org.opensearch.action.support.ContextPreservingActionListener;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;

import java.util.function.Consumer;

/**
 * Runs a call on the plugin's own system index outside the caller's thread context (as the plugin, not as the user
 * whose REST request triggered it, so core's system-index deprecation warnings do not apply), and hands the result back
 * in the caller's context.
 */
public final class SystemContext {

    private SystemContext() {}

    public static <T> void run(ThreadContext threadContext, ActionListener<T> listener, Consumer<ActionListener<T>> call) {
        ActionListener<T> restoring = new ContextPreservingActionListener<>(threadContext.newRestorableContext(false), listener);
        try (ThreadContext.StoredContext ignored = threadContext.stashContext()) {
            call.accept(restoring);
        }
    }
}
