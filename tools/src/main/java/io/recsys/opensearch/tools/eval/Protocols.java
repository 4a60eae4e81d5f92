package io.recsys.opensearch.tools.eval;

import io.recsys.opensearch.common.retail.StableHash;
import io.recsys.opensearch.tools.data.EventLog;
import io.recsys.opensearch.tools.data.Interaction;
import io.recsys.opensearch.tools.data.Item;
import io.recsys.opensearch.tools.data.Timestamps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The four evaluation protocols. Common rules: impressions are never targets; a user is a test user only with at least
 * one event to learn from and one target; with {@link Targets#NEW}, items the user interacted with before the query
 * are removed from the targets (a user left with none is not a test user).
 */
public final class Protocols {

    private Protocols() {}

    /**
     * Temporal split: the cluster learns every event before {@code cut}; each user with events before and targets
     * after is queried once, at the end of the training period; targets: the user's items after the cut.
     */
    public static Split temporal(EventLog log, long cut, Targets targets) {
        List<Interaction> train = new ArrayList<>();
        Map<String, List<Interaction>> test = new TreeMap<>();
        for (Interaction interaction : log.interactions()) {
            if (interaction.timestamp() < cut) {
                train.add(interaction);
            } else {
                test.computeIfAbsent(interaction.user(), u -> new ArrayList<>()).add(interaction);
            }
        }
        Map<String, List<Interaction>> history = byUser(train);
        List<TestCase> cases = new ArrayList<>();
        List<TestCase> coldCases = new ArrayList<>();
        int cold = 0, onlyRepeats = 0;
        for (Map.Entry<String, List<Interaction>> user : test.entrySet()) {
            List<Interaction> before = history.get(user.getKey());
            if (before == null) {
                cold++;
                Set<String> relevant = targets(user.getValue(), List.of(), targets);
                if (relevant.isEmpty() == false) {
                    coldCases.add(new TestCase(user.getKey(), relevant, Set.of(), List.of(), null).at(cut));
                }
                continue;
            }
            Set<String> relevant = targets(user.getValue(), before, targets);
            if (relevant.isEmpty()) {
                onlyRepeats++;
                continue;
            }
            cases.add(new TestCase(user.getKey(), relevant, categories(before, log), List.of(), null).at(cut));
        }
        String date = Timestamps.iso(cut);
        List<String> notes = List.of(
            String.format(Locale.ROOT, "%,d training events before %s, %,d test events after", train.size(), date, log.interactions().size() - train.size()),
            String.format(Locale.ROOT, "%,d test users; left out: %,d with no event before the cut (cold start: queried apart, their own table), %,d whose later items were all repeats",
                cases.size(), cold, onlyRepeats));
        return new Split("temporal (cut " + date.substring(0, 10) + ")",
            "Train on every event before " + date + "; query each user who has events before and " + targetWord(targets)
                + " items after, once, with the profile as of the cut; relevant = the user's " + targetWord(targets) + " items after the cut.",
            train, cases, notes, coldCases);
    }

    /**
     * Per-user random split: each of a user's distinct items is held out with probability {@code ratio}, decided by a
     * seeded hash of (user, item), with all its events; the rest is trained on. Users need an item on each side.
     */
    public static Split randomPerUser(EventLog log, double ratio, long seed) {
        if (ratio <= 0 || ratio >= 1) {
            throw new IllegalArgumentException("--ratio must be in (0, 1), got " + ratio);
        }
        List<Interaction> train = new ArrayList<>();
        Map<String, List<Interaction>> held = new TreeMap<>();
        for (Interaction interaction : log.interactions()) {
            if (StableHash.unit(seed, "holdout", interaction.user(), interaction.item()) < ratio) {
                held.computeIfAbsent(interaction.user(), u -> new ArrayList<>()).add(interaction);
            } else {
                train.add(interaction);
            }
        }
        Map<String, List<Interaction>> history = byUser(train);
        long end = end(log); // items are held out from the whole log: the users are asked after its last event
        List<TestCase> cases = new ArrayList<>();
        List<TestCase> coldCases = new ArrayList<>();
        int noTrain = 0;
        for (Map.Entry<String, List<Interaction>> user : held.entrySet()) {
            List<Interaction> before = history.get(user.getKey());
            if (before == null) {
                noTrain++;
                Set<String> relevant = targets(user.getValue(), List.of(), Targets.NEW);
                if (relevant.isEmpty() == false) {
                    coldCases.add(new TestCase(user.getKey(), relevant, Set.of(), List.of(), null).at(end));
                }
                continue;
            }
            Set<String> relevant = targets(user.getValue(), before, Targets.NEW);
            if (relevant.isEmpty() == false) {
                cases.add(new TestCase(user.getKey(), relevant, categories(before, log), List.of(), null).at(end));
            }
        }
        List<String> notes = List.of(String.format(Locale.ROOT, "%,d training events, %,d held out; %,d test users; %,d users had every item held out (no training event: queried apart, their own table)",
            train.size(), log.interactions().size() - train.size(), cases.size(), noTrain));
        return new Split(String.format(Locale.ROOT, "random per user (ratio %.2f, seed %d)", ratio, seed),
            String.format(Locale.ROOT, "Hold out each of a user's distinct items with probability %.2f (seeded hash of user and item), all its events with it; "
                + "train on the rest; query each user once; relevant = the user's held-out items (new by construction).", ratio),
            train, cases, notes, coldCases);
    }

    /**
     * Leave-last-out: each user's last session (an Online Retail invoice; the last event when the log has no sessions)
     * is the test; everything else, including other users' later events, is trained on.
     */
    public static Split leaveLastOut(EventLog log, Targets targets) {
        Map<String, List<Interaction>> byUser = byUser(log.interactions());
        List<Interaction> train = new ArrayList<>();
        List<TestCase> cases = new ArrayList<>();
        int single = 0, onlyRepeats = 0;
        for (Map.Entry<String, List<Interaction>> user : byUser.entrySet()) {
            List<Interaction> events = user.getValue();
            Interaction lastEvent = events.get(events.size() - 1);
            String lastSession = lastEvent.session();
            List<Interaction> before = new ArrayList<>();
            List<Interaction> last = new ArrayList<>();
            for (Interaction interaction : events) {
                boolean inLast = lastSession != null ? lastSession.equals(interaction.session()) : interaction == lastEvent;
                (inLast ? last : before).add(interaction);
            }
            train.addAll(before);
            if (before.isEmpty()) {
                single++;
                train.addAll(last); // a one-session user still teaches the others
                continue;
            }
            Set<String> relevant = targets(last, before, targets);
            if (relevant.isEmpty()) {
                onlyRepeats++;
                train.addAll(last);
                continue;
            }
            cases.add(new TestCase(user.getKey(), relevant, categories(before, log), List.of(), null).at(last.get(0).timestamp()));
        }
        List<String> notes = List.of(String.format(Locale.ROOT, "%,d test users; left out (their events trained on): %,d with a single session, %,d whose last session held only repeats",
            cases.size(), single, onlyRepeats), "no user is without training events in this protocol: a single-session user's events are trained on, not tested");
        return new Split("leave-last-out", "Hold out each user's last session (invoice), train on everything else; query each user once; relevant = the "
            + targetWord(targets) + " items of that session.", train, cases, notes);
    }

    /**
     * Session next-item: train on every event before {@code cut}; for each session after it (of a user with history,
     * at most {@code maxCases}, a seeded sample), the first half of its items (at least one) is sent to the cluster as
     * it happens, then the query asks for the next item: the first later item of the session that is new to the user
     * (with {@link Targets#NEW}) or simply the next one.
     */
    public static Split sessionNextItem(EventLog log, long cut, Targets targets, int maxCases, long seed) {
        List<Interaction> train = new ArrayList<>();
        Map<String, List<Interaction>> sessions = new LinkedHashMap<>();
        for (Interaction interaction : log.interactions()) {
            if (interaction.timestamp() < cut) {
                train.add(interaction);
            } else if (interaction.session() != null) {
                sessions.computeIfAbsent(interaction.user() + '\u0000' + interaction.session(), s -> new ArrayList<>()).add(interaction);
            }
        }
        Map<String, List<Interaction>> history = byUser(train);
        List<List<Interaction>> eligible = new ArrayList<>();
        Map<String, List<Interaction>> firstColdSession = new LinkedHashMap<>();
        for (List<Interaction> session : sessions.values()) {
            List<Interaction> distinct = distinctItems(session);
            if (distinct.size() >= 2 && history.containsKey(distinct.get(0).user())) {
                eligible.add(distinct);
            } else if (distinct.size() >= 2) {
                // a user without history: only the first session, whose profile is then only what it revealed
                firstColdSession.putIfAbsent(distinct.get(0).user(), distinct);
            }
        }
        int totalEligible = eligible.size();
        eligible = sampleSessions(eligible, maxCases, seed);
        List<List<Interaction>> coldSessions = sampleSessions(new ArrayList<>(firstColdSession.values()), maxCases, seed);
        int[] noTarget = new int[1];
        List<TestCase> cases = nextItemCases(eligible, history, targets, log, noTarget);
        List<TestCase> coldCases = nextItemCases(coldSessions, history, targets, log, new int[1]);
        List<String> notes = List.of(String.format(Locale.ROOT, "%,d training events before %s; %,d sessions after it with 2+ items of users with history, %,d sampled (seed %d), %,d without a %s next item; %,d test queries",
            train.size(), Timestamps.iso(cut), totalEligible, eligible.size(), seed, noTarget[0], targetWord(targets), cases.size()),
            String.format(Locale.ROOT, "users without history (queried apart, their own table): the first session with 2+ items of each, %,d users, %,d sampled, %,d test queries",
                firstColdSession.size(), coldSessions.size(), coldCases.size()));
        return new Split("session next-item (cut " + Timestamps.iso(cut).substring(0, 10) + ")",
            "Train on every event before the cut; for each later session with 2+ distinct items (sample of at most " + maxCases + "), send its first half "
                + "(at least one item) as events, then query; relevant = the session's next " + targetWord(targets) + " item (one item: HR equals Recall).",
            train, cases, notes, coldCases);
    }

    /** At most {@code max} sessions, a seeded sample, in time order. */
    private static List<List<Interaction>> sampleSessions(List<List<Interaction>> sessions, int max, long seed) {
        List<List<Interaction>> sample = new ArrayList<>(sessions);
        if (sample.size() > max) {
            sample.sort(Comparator.comparingLong(s -> StableHash.of(seed, "session", s.get(0).user(), s.get(0).session())));
            sample = new ArrayList<>(sample.subList(0, max));
        }
        sample.sort(Comparator.comparingLong((List<Interaction> s) -> s.get(0).timestamp()).thenComparing(s -> s.get(0).session()));
        return sample;
    }

    /** One case per session: its first half revealed, the next (new) item the target; counts sessions without one. */
    private static List<TestCase> nextItemCases(List<List<Interaction>> sessions, Map<String, List<Interaction>> history, Targets targets, EventLog log,
                                                int[] noTarget) {
        List<TestCase> cases = new ArrayList<>();
        for (List<Interaction> session : sessions) {
            String user = session.get(0).user();
            List<Interaction> before = history.getOrDefault(user, List.of());
            int revealed = Math.max(1, session.size() / 2);
            Set<String> seen = new HashSet<>();
            before.forEach(i -> seen.add(i.item()));
            session.subList(0, revealed).forEach(i -> seen.add(i.item()));
            String next = null;
            for (Interaction candidate : session.subList(revealed, session.size())) {
                if (targets == Targets.ALL || seen.contains(candidate.item()) == false) {
                    next = candidate.item();
                    break;
                }
            }
            if (next == null) {
                noTarget[0]++;
                continue;
            }
            cases.add(new TestCase(user, Set.of(next), categories(before, log), session.subList(0, revealed), session.get(0).platform())
                .at(session.get(revealed - 1).timestamp())); // asked right after the first half was sent
        }
        return cases;
    }

    /** The moment after the log's last event. */
    private static long end(EventLog log) {
        long end = Long.MIN_VALUE;
        for (Interaction interaction : log.interactions()) {
            end = Math.max(end, interaction.timestamp());
        }
        return end + 1;
    }

    private static List<Interaction> distinctItems(List<Interaction> session) {
        Map<String, Interaction> first = new LinkedHashMap<>();
        for (Interaction interaction : session) {
            first.putIfAbsent(interaction.item(), interaction);
        }
        return new ArrayList<>(first.values());
    }

    static Set<String> targets(List<Interaction> later, List<Interaction> before, Targets targets) {
        Set<String> known = new HashSet<>();
        before.forEach(i -> known.add(i.item()));
        Set<String> relevant = new LinkedHashSet<>();
        for (Interaction interaction : later) {
            if ("impression".equals(interaction.type())) {
                continue;
            }
            if (targets == Targets.ALL || known.contains(interaction.item()) == false) {
                relevant.add(interaction.item());
            }
        }
        return relevant;
    }

    static Set<String> categories(List<Interaction> events, EventLog log) {
        Set<String> categories = new HashSet<>();
        for (Interaction interaction : events) {
            Item item = log.catalog().get(interaction.item());
            if (item != null && "impression".equals(interaction.type()) == false) {
                categories.add(item.category());
            }
        }
        return categories;
    }

    static Map<String, List<Interaction>> byUser(List<Interaction> interactions) {
        Map<String, List<Interaction>> byUser = new TreeMap<>();
        for (Interaction interaction : interactions) {
            byUser.computeIfAbsent(interaction.user(), u -> new ArrayList<>()).add(interaction);
        }
        return byUser;
    }

    private static String targetWord(Targets targets) {
        return targets == Targets.NEW ? "new" : "any";
    }
}
