package io.recsys.opensearch.model;

import io.recsys.opensearch.candidate.ShopperRegime;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.test.OpenSearchTestCase;

import java.io.IOException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A registered model keeps what it declared, regimes included, across the wire and across a restart (the registry is
 * written as {@link ModelInfo#toXContent} and read back by {@code fromMap}); a registry written before regimes existed
 * reads back as models that re-rank every regime.
 */
public class ModelInfoTests extends OpenSearchTestCase {

    private static ModelInfo returningOnly() {
        return new ModelInfo("m", 3, List.of("knn_score", "item_recency"), "trained on returning shoppers", "ab12", 1234, "blob-1", 2, 1_700_000_000_000L,
            EnumSet.of(ShopperRegime.RETURNING));
    }

    public void testRegimesSurviveTheWire() throws IOException {
        ModelInfo model = returningOnly();
        try (BytesStreamOutput out = new BytesStreamOutput()) {
            model.writeTo(out);
            ModelInfo read = new ModelInfo(out.bytes().streamInput());
            assertEquals(model, read);
            assertTrue(read.reranks(ShopperRegime.RETURNING));
            assertFalse(read.reranks(ShopperRegime.IN_SESSION));
        }
    }

    public void testRegimesSurviveARestart() throws IOException {
        ModelInfo model = returningOnly();
        XContentBuilder builder = JsonXContent.contentBuilder();
        model.toXContent(builder, ToXContent.EMPTY_PARAMS);
        Map<String, Object> written = XContentHelper.convertToMap(BytesReference.bytes(builder), false, builder.contentType()).v2();
        assertEquals(List.of("returning"), written.get("regimes"));
        assertEquals(model, ModelInfo.fromMap(written));
    }

    public void testARegistryWrittenBeforeRegimesReRanksEveryRegime() throws IOException {
        XContentBuilder builder = JsonXContent.contentBuilder();
        returningOnly().toXContent(builder, ToXContent.EMPTY_PARAMS);
        Map<String, Object> written = new HashMap<>(XContentHelper.convertToMap(BytesReference.bytes(builder), false, builder.contentType()).v2());
        written.remove("regimes");
        assertEquals(ShopperRegime.all(), ModelInfo.fromMap(written).regimes());
    }

    public void testAModelReRanksAtLeastOneRegime() {
        expectThrows(IllegalArgumentException.class, () -> new ModelInfo("m", 1, List.of("knn_score"), "", "ab", 1, "b", 1, 0,
            EnumSet.noneOf(ShopperRegime.class)));
    }
}
