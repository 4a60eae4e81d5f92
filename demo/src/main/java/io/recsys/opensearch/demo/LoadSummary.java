package io.recsys.opensearch.demo;

import java.util.Map;

/**
 * What is in the {@code products} index, as the report prints it; stored in the index's {@code _meta} so a later run
 * that skips loading can still print it.
 *
 * @param items      documents in the index
 * @param categories items per category, largest first
 * @param customers  distinct customers in the clean log
 * @param invoices   invoices in the clean log
 * @param rowsRead   rows in the file
 * @param rowsKept   rows that passed the cleaning rules
 * @param reused     true when this run found the data already loaded and skipped loading
 * @param millis     time spent reading, embedding and indexing (0 when reused)
 */
record LoadSummary(
    int items,
    Map<String, Integer> categories,
    int customers,
    int invoices,
    long rowsRead,
    long rowsKept,
    boolean reused,
    long millis
) {}
