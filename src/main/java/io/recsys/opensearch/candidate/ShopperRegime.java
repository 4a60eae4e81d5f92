package io.recsys.opensearch.candidate;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The two kinds of request the pipeline tells apart at the request's moment: a shopper in a session (their newest event
 * within the recommender's {@code events.session_gap}, or a page that gives {@code context.items}) or a returning
 * shopper. The co-occurrence anchors' weights, the {@link FusionMethod} and the regimes a model declares it was trained
 * on follow it.
 */
public enum ShopperRegime {
    /** Back after a while: what goes with everything they bought. */
    RETURNING(FusionMethod.RECIPROCAL_RANK),
    /** Browsing now: what goes with the item on the screen. */
    IN_SESSION(FusionMethod.SCORES);

    /** How a request of this regime is fused; one regime per method, so the method also names the regime. */
    private final FusionMethod fusionMethod;

    ShopperRegime(FusionMethod fusionMethod) {
        this.fusionMethod = fusionMethod;
    }

    public static ShopperRegime of(boolean inSession) {
        return inSession ? IN_SESSION : RETURNING;
    }

    /** The regime a request was fused for. */
    public static ShopperRegime of(FusionMethod method) {
        return Arrays.stream(values()).filter(regime -> regime.fusionMethod == method).findFirst().orElseThrow();
    }

    public FusionMethod fusionMethod() {
        return fusionMethod;
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every regime: what a model that declares none re-ranks. */
    public static Set<ShopperRegime> all() {
        return EnumSet.allOf(ShopperRegime.class);
    }

    /**
     * Reads a model's declared regimes by their JSON names; null or absent means every regime. A bad name or an empty list
     * is an error naming {@code field}.
     */
    public static Set<ShopperRegime> parse(String field, List<String> names) {
        if (names == null) {
            return all();
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("[" + field + "] must name at least one of [returning, in_session], or be left out for both");
        }
        EnumSet<ShopperRegime> regimes = EnumSet.noneOf(ShopperRegime.class);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String position = field + "." + i;
            regimes.add(Arrays.stream(values()).filter(regime -> regime.jsonName().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("[" + position + "] must be one of [returning, in_session], got [" + name + "]")));
        }
        return regimes;
    }

    /** The JSON names of {@code regimes}, in declaration order. */
    public static List<String> jsonNames(Set<ShopperRegime> regimes) {
        return regimes.stream().sorted().map(ShopperRegime::jsonName).toList();
    }
}
