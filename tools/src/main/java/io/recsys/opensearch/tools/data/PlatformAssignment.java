package io.recsys.opensearch.tools.data;

import io.recsys.opensearch.common.retail.PlatformSplit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives every interaction of a log without platforms one of its user's pseudo-platforms ({@link PlatformSplit}, the
 * demo's rule): the session's platform, or, for events without a session, that of the user's UTC day, so a day's
 * events stay on one platform.
 */
public final class PlatformAssignment {

    private PlatformAssignment() {}

    /** The log with a platform on every interaction; interactions that already have one keep it. */
    public static EventLog apply(PlatformSplit split, EventLog log) {
        List<Interaction> assigned = new ArrayList<>(log.interactions().size());
        for (Interaction interaction : log.interactions()) {
            if (interaction.platform() != null) {
                assigned.add(interaction);
            } else {
                assigned.add(interaction.withPlatform(split.platformOf(interaction.user(), unitOf(interaction))));
            }
        }
        return log.withInteractions(assigned);
    }

    private static String unitOf(Interaction interaction) {
        if (interaction.session() != null) {
            return interaction.session();
        }
        return Instant.ofEpochMilli(interaction.timestamp()).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}
