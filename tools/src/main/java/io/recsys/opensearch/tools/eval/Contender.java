package io.recsys.opensearch.tools.eval;

/**
 * A row of the report: a variant of the plugin's {@code recommend} query, or a reference recommender computed by the
 * tool itself on the same split.
 */
public interface Contender {

    /** Short name for tables and charts. */
    String name();

    /** What it is, in a sentence, for the report. */
    String description();
}
