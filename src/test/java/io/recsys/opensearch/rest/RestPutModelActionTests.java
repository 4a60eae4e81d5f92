package io.recsys.opensearch.rest;

import org.opensearch.ExceptionsHelper;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.rest.RestRequest;
import org.opensearch.test.OpenSearchTestCase;
import org.opensearch.test.rest.FakeRestRequest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** The model upload's body as the REST layer reads it: limits that are the JSON parser's, said as such. */
public class RestPutModelActionTests extends OpenSearchTestCase {

    private RestRequest put(String body) {
        return new FakeRestRequest.Builder(xContentRegistry()).withMethod(RestRequest.Method.PUT)
            .withPath("/_plugins/_recsys/models/big")
            .withParams(new java.util.HashMap<>(Map.of("model_id", "big")))
            .withContent(new BytesArray(body.getBytes(StandardCharsets.UTF_8)), XContentType.JSON)
            .build();
    }

    public void testABase64TextOverTheJsonStringLimitIs413NamingTheFieldAndTheRealLimit() {
        // one character over the parser's limit of 50,000,000 (a model of 37,500,000 bytes)
        char[] base64 = new char[50_000_004];
        Arrays.fill(base64, 'A');
        RestRequest request = put("{\"features\": [\"knn_score\"], \"model_base64\": \"" + new String(base64) + "\"}");
        Exception e = expectThrows(Exception.class, () -> new RestPutModelAction().prepareRequest(request, null));
        assertEquals(e.toString(), RestStatus.REQUEST_ENTITY_TOO_LARGE, ExceptionsHelper.status(e));
        assertTrue(e.getMessage(), e.getMessage().startsWith("[model_base64] is longer than the 50000000 characters"));
        assertTrue(e.getMessage(), e.getMessage().contains("37500000 bytes"));
        assertTrue(e.getMessage(), e.getMessage().contains("opensearch.xcontent.string.length.max"));
    }

    public void testADescriptionOverAThousandCharactersIs400() {
        RestRequest request = put("{\"features\": [\"knn_score\"], \"model_base64\": \"AAAA\", \"description\": \"" + "d".repeat(1_001) + "\"}");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> new RestPutModelAction().prepareRequest(request, null));
        assertEquals("[description] is at most 1000 characters, got [1001]", e.getMessage());
    }
}
