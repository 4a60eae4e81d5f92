package io.recsys.opensearch.recall;

import java.util.List;

/**
 * What one source recalled, best first.
 *
 * @param source the source
 * @param ids    item ids in rank order
 * @param scores the source's own score per id (cosine, LLR, BM25, count), same order
 * @param note   why the source returned less than it could (cut off, skipped), or null
 */
public record SourceResult(Source source, List<String> ids, List<Float> scores, String note) {

    public static SourceResult empty(Source source, String note) {
        return new SourceResult(source, List.of(), List.of(), note);
    }
}
