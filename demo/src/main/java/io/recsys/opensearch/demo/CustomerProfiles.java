package io.recsys.opensearch.demo;

import java.util.Map;

/**
 * Which documents of the profiles index are customers. When a link merges a device's anonymous profile into the
 * customer's, the anonymous profile stays in the index, marked {@code merged_into}, with its purchases: counting it too
 * would count those purchases twice (once with the device, once with the customer). Every aggregation of the demo over
 * profiles therefore reads only the profiles not merged into another.
 */
final class CustomerProfiles {

    private CustomerProfiles() {}

    /** {@code {"bool": {"must_not": {"exists": {"field": "merged_into"}}}}} */
    static Map<String, Object> query() {
        return Map.of("bool", Map.of("must_not", Map.of("exists", Map.of("field", "merged_into"))));
    }
}
