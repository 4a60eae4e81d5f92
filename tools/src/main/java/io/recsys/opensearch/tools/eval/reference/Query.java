package io.recsys.opensearch.tools.eval.reference;

import io.recsys.opensearch.tools.data.Interaction;
import io.recsys.opensearch.tools.eval.Targets;
import io.recsys.opensearch.tools.eval.TestCase;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a reference recommender knows when it answers one test case: the same things the plugin knows at that point.
 *
 * @param user     the user's index in the training data, or -1 (no training event: a cold user)
 * @param history  the distinct items the user interacted with before the query (training events, then the events the
 *                 case revealed), in order of first interaction; items no training event touched are left out, no
 *                 reference knows anything of them
 * @param session  the revealed events' distinct known items in order (the current session), empty for most protocols
 * @param excluded items never returned: with {@link Targets#NEW}, the items the user purchased (what the plugin's
 *                 {@code exclude.purchased: true} removes); nothing otherwise
 */
public record Query(int user, int[] history, int[] session, boolean[] excluded) {

    /**
     * @param training the user's training events (may be empty)
     */
    public static Query of(TestCase testCase, List<Interaction> training, TrainingData data, Targets targets) {
        List<Interaction> known = new ArrayList<>(training);
        known.addAll(testCase.reveal());
        boolean[] excluded = new boolean[data.items()];
        Set<Integer> history = new LinkedHashSet<>();
        for (Interaction interaction : known) {
            int item = data.item(interaction.item());
            if (item >= 0 && TrainingData.isInteraction(interaction)) {
                history.add(item);
                if (targets == Targets.NEW && "purchase".equals(interaction.type())) {
                    excluded[item] = true;
                }
            }
        }
        int[] session = TrainingData.distinct(testCase.reveal().stream().filter(TrainingData::isInteraction).mapToInt(i -> data.item(i.item()))
            .filter(i -> i >= 0).toArray());
        return new Query(data.user(testCase.user()), history.stream().mapToInt(Integer::intValue).toArray(), session, excluded);
    }

    @Override
    public String toString() {
        return "Query[user=" + user + ", history=" + Arrays.toString(history) + ", session=" + Arrays.toString(session) + "]";
    }
}
