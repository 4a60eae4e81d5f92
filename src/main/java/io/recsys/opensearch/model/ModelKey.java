package io.recsys.opensearch.model;

/**
 * What a node loads and caches: one version of one model. A request resolves its model name to a key once, so every
 * hit of a response is scored by the same version even while an alias switches.
 *
 * @param id      model id
 * @param version its version
 */
public record ModelKey(String id, long version) {

    @Override
    public String toString() {
        return id + "@" + version;
    }
}
