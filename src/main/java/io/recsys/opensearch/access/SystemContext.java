package io.recsys.opensearch.access;

import org.opensearch.action.support.ContextPreservingActionListener;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;

import java.util.function.Consumer;

/**
 * Runs the plugin's own reads and writes of its indices as the plugin, not as the user whose REST request triggered
 * them: the caller's thread context (its user, roles, headers) is stashed, so a role allowed to send events or link
 * identities needs no raw permission on {@code recsys-*}, and a security plugin sees a request of the node itself. The
 * fresh context carries {@link #PLUGIN_WRITE_HEADER}, the mark {@link DirectWriteGuard} lets through. The result is
 * handed back in the caller's context.
 */
public final class SystemContext {

    /**
     * Marks a request made by this plugin. A header, not a transient, because it must survive the hop to the node that
     * runs a shard-level write; REST clients cannot set it (only headers a plugin registers are copied from HTTP).
     */
    public static final String PLUGIN_WRITE_HEADER = "_recsys_plugin_write";

    private SystemContext() {}

    public static <T> void run(ThreadContext threadContext, ActionListener<T> listener, Consumer<ActionListener<T>> call) {
        ActionListener<T> restoring = new ContextPreservingActionListener<>(threadContext.newRestorableContext(false), listener);
        try (ThreadContext.StoredContext ignored = threadContext.stashContext()) {
            threadContext.putHeader(PLUGIN_WRITE_HEADER, "true");
            call.accept(restoring);
        }
    }

    /** Whether the current context is one {@link #run} made. */
    public static boolean isPluginRequest(ThreadContext threadContext) {
        return "true".equals(threadContext.getHeader(PLUGIN_WRITE_HEADER));
    }
}
