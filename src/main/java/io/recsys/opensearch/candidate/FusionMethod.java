package io.recsys.opensearch.candidate;

import java.util.Locale;

/**
 * How a request's sources were fused into one order when no model re-ranks them; the request's {@link ShopperRegime}
 * decides it ({@link ShopperRegime#fusionMethod()}), as it decides the co-occurrence anchors' weights ({@code AnchorWeights}).
 */
public enum FusionMethod {
    /**
     * A returning shopper: reciprocal-rank fusion, {@code Σ weight / (60 + rank)}. The co-occurrence source's votes grow
     * with the evidence of the anchors' pairs, so its scores say little across requests; ranks are what the sources share.
     */
    RECIPROCAL_RANK,
    /**
     * A shopper in a session: {@code Σ weight × score / the source's best score}. In a session each co-occurrence anchor's
     * list votes with the anchor's recency weight whatever its LLR, so the source's scores say how sure it is: the companion of the item on the screen
     * keeps its lead, where the ranks would let any candidate the other sources also name overtake it.
     */
    SCORES;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
