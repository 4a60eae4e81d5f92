package io.recsys.opensearch.tools.eval;

/** The metrics the report shows, in its column order. */
public enum Metric {
    HR("HR"),
    RECALL("Recall"),
    NDCG("NDCG"),
    MRR("MRR"),
    PRECISION("Precision"),
    /** 2 · Precision · Recall / (Precision + Recall) of each list, averaged over the lists */
    F1("F1"),
    /** distinct items recommended in the first K over all users / catalog size */
    COVERAGE("Coverage"),
    /** hits whose category the user had not bought from before / all hits */
    NEW_CATEGORY_HITS("New-category hits");

    private final String label;

    Metric(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
