package io.recsys.opensearch.transport.stats;

import org.opensearch.action.ActionType;

/** Collects every node's recsys counters. */
public final class RecsysStatsAction extends ActionType<RecsysStatsResponse> {

    public static final String NAME = "cluster:monitor/recsys/stats";
    public static final RecsysStatsAction INSTANCE = new RecsysStatsAction();

    private RecsysStatsAction() {
        super(NAME, RecsysStatsResponse::new);
    }
}
