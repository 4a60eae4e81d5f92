package io.recsys.opensearch.tools.eval;

/** Which later interactions count as relevant. */
public enum Targets {
    /**
     * Only items the user had not interacted with before the query (and the query excludes what the user bought): a
     * recommender is judged on what it adds to the order history, which a shop shows anyway ("buy again").
     */
    NEW,
    /** Every later item, repeats included; the query excludes nothing. */
    ALL
}
