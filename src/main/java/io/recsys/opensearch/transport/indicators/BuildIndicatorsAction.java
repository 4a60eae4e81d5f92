package io.recsys.opensearch.transport.indicators;

import org.opensearch.action.ActionType;

/** Materializes the indicators of every item of a basket index into an index behind an alias. */
public final class BuildIndicatorsAction extends ActionType<BuildIndicatorsResponse> {

    public static final String NAME = "cluster:admin/recsys/indicators/build";
    public static final BuildIndicatorsAction INSTANCE = new BuildIndicatorsAction();

    private BuildIndicatorsAction() {
        super(NAME, BuildIndicatorsResponse::new);
    }
}
