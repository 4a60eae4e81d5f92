package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.Candidate;
import io.recsys.opensearch.candidate.Rules;
import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.catalogread.CatalogFields;
import io.recsys.opensearch.catalogread.CatalogRead;
import io.recsys.opensearch.catalogread.ReadItem;
import io.recsys.opensearch.recommender.CatalogConfig;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies a request's merchandising {@link Rules} to the final ranking. What the rules' filters match is read from the
 * catalog in one catalog read per rule, all in one request ({@link CatalogItems#read}): which candidates each boost
 * and bury filter matches, and which pinned items may be shown at all — a pinned item still passes the request's
 * filter, its exclusions and the stock check (a rule never shows what the shop may not sell), but not the text query.
 * Then: boosted candidates' scores are multiplied, buried ones go after all others, pinned items take their positions;
 * scores are reassigned by position so that {@code _score} still decreases down the hits.
 */
final class MerchandisingRules {

    /**
     * What the catalog says of the rules' items.
     *
     * @param boosted  per boost rule, the candidates its filter matches
     * @param buried   per bury rule, the candidates its filter matches
     * @param pinnable the pinned items that may be shown, with where they are
     */
    record Matches(List<Set<String>> boosted, List<Set<String>> buried, Map<String, CatalogItems.Details> pinnable) {}

    private MerchandisingRules() {}

    /** The rules that apply: the request's own, else the recommender's. */
    static Rules of(RecallContext context) {
        return context.spec().rules() != null ? context.spec().rules() : context.config().rules();
    }

    static void match(Client client, RecallContext context, Rules rules, List<Candidate> ranked, ActionListener<Matches> listener) {
        List<String> ids = ranked.stream().map(Candidate::id).toList();
        CatalogConfig catalog = context.config().catalog();
        CatalogFields idsOnly = new CatalogFields(catalog.idField(), catalog.vectorField(), catalog.categoryField(), catalog.priceField(), null, false);
        List<CatalogRead> reads = new ArrayList<>();
        for (Rules.Boost boost : rules.boosts()) {
            reads.add(CatalogRead.items(idsOnly, ids, boost.filter()));
        }
        for (Rules.Bury bury : rules.buries()) {
            reads.add(CatalogRead.items(idsOnly, ids, bury.filter()));
        }
        List<String> pinned = rules.pins().stream().map(Rules.Pin::item).toList();
        reads.add(CatalogRead.items(CatalogItems.fields(context, null), pinned, context.spec().filter()).hiding(context.hiddenItems()));
        CatalogItems.read(client, context, reads, ActionListener.wrap(items -> {
            int next = 0;
            List<Set<String>> boosted = new ArrayList<>();
            for (int i = 0; i < rules.boosts().size(); i++) {
                boosted.add(idsOf(items.get(next++)));
            }
            List<Set<String>> buried = new ArrayList<>();
            for (int i = 0; i < rules.buries().size(); i++) {
                buried.add(idsOf(items.get(next++)));
            }
            Map<String, CatalogItems.Details> pinnable = new LinkedHashMap<>();
            for (ReadItem item : items.get(next)) {
                pinnable.put(item.id(), CatalogItems.details(item));
            }
            listener.onResponse(new Matches(boosted, buried, pinnable));
        }, listener::onFailure));
    }

    private static Set<String> idsOf(List<ReadItem> items) {
        Set<String> ids = new HashSet<>();
        for (ReadItem item : items) {
            ids.add(item.id());
        }
        return ids;
    }

    /** Boosted candidates' scores multiplied (every matching rule), the ranking sorted again, buried candidates last. */
    static List<Candidate> boostAndBury(List<Candidate> ranked, Rules rules, Matches matches) {
        List<Candidate> boosted = new ArrayList<>(ranked.size());
        for (Candidate candidate : ranked) {
            float weight = 1;
            List<String> applied = new ArrayList<>();
            for (int i = 0; i < rules.boosts().size(); i++) {
                if (matches.boosted().get(i).contains(candidate.id())) {
                    weight *= rules.boosts().get(i).weight();
                    applied.add(String.format(Locale.ROOT, "boost ×%s [rules.boost.%d]", rules.boosts().get(i).weight(), i));
                }
            }
            boosted.add(applied.isEmpty() ? candidate : candidate.movedBy(String.join(", ", applied), candidate.score() * weight));
        }
        boosted.sort(Comparator.comparingDouble(Candidate::score).reversed()); // stable: ties keep their order
        List<Candidate> kept = new ArrayList<>(boosted.size());
        List<Candidate> buried = new ArrayList<>();
        for (Candidate candidate : boosted) {
            int rule = firstMatch(matches.buried(), candidate.id());
            if (rule < 0) {
                kept.add(candidate);
            } else {
                String why = (candidate.rule() == null ? "" : candidate.rule() + ", ") + "bury [rules.bury." + rule + "]";
                buried.add(candidate.movedBy(why, candidate.score()));
            }
        }
        kept.addAll(buried);
        return PositionScores.reassign(kept);
    }

    private static int firstMatch(List<Set<String>> matches, String id) {
        for (int i = 0; i < matches.size(); i++) {
            if (matches.get(i).contains(id)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Pinned items at their positions (a position past the end: last), in order of position; a pinned item that is a
     * candidate already moves there. A pinned item that may not be shown is left out, with a note.
     */
    static List<Candidate> pin(List<Candidate> ranked, Rules rules, Matches matches, List<String> notes) {
        if (rules.pins().isEmpty()) {
            return ranked;
        }
        List<Candidate> order = new ArrayList<>(ranked);
        List<Integer> byPosition = new ArrayList<>();
        for (int i = 0; i < rules.pins().size(); i++) {
            byPosition.add(i);
        }
        byPosition.sort(Comparator.comparingInt(i -> rules.pins().get(i).position()));
        Set<String> pinnedIds = new HashSet<>();
        for (Rules.Pin pin : rules.pins()) {
            pinnedIds.add(pin.item());
        }
        Map<String, Candidate> asCandidates = new LinkedHashMap<>();
        order.removeIf(candidate -> {
            if (pinnedIds.contains(candidate.id())) {
                asCandidates.put(candidate.id(), candidate);
                return true;
            }
            return false;
        });
        for (int i : byPosition) {
            Rules.Pin pin = rules.pins().get(i);
            CatalogItems.Details details = matches.pinnable().get(pin.item());
            if (details == null) {
                notes.add("rules.pin." + i + ": item [" + pin.item() + "] is not shown: not in the catalog, filtered out, excluded or out of stock");
                continue;
            }
            Candidate candidate = asCandidates.get(pin.item());
            int at = Math.min(pin.position(), order.size());
            // the score of the place it takes: the positions' scores stay those of the ranking (see PositionScores)
            float score = order.isEmpty() ? 1f : order.get(Math.min(at, order.size() - 1)).score();
            if (candidate == null) {
                candidate = new Candidate(pin.item(), score, 0f, new int[Source.values().length], Candidate.NO_FEATURES, Float.NaN, details.address());
            }
            String why = "pin at position " + pin.position() + " [rules.pin." + i + "]";
            order.add(at, candidate.movedBy(candidate.rule() == null ? why : candidate.rule() + ", " + why, candidate.score()));
        }
        return PositionScores.reassign(order);
    }
}
