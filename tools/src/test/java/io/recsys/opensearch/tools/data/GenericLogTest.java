package io.recsys.opensearch.tools.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenericLogTest {

    @Test
    void timestampsInEveryDocumentedForm() {
        long expected = 1320796800000L; // 2011-11-09T00:00:00Z
        assertEquals(expected, Timestamps.parse("2011-11-09"));
        assertEquals(expected, Timestamps.parse("2011-11-09T00:00:00Z"));
        assertEquals(expected, Timestamps.parse("2011-11-09T01:00:00+01:00"));
        assertEquals(expected, Timestamps.parse("2011-11-09 00:00:00"));
        assertEquals(expected, Timestamps.parse("1320796800000"));
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parse("9 Nov 2011"));
    }

    @Test
    void csvWithQuotesOptionalColumnsAndTheDerivedCatalog(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path csv = dir.resolve("log.csv");
        Files.writeString(csv, String.join("\n",
            "item,user,timestamp,price,title,category",
            "sku-1,u1,2026-01-01,4,\"Cup, \"\"tall\"\"\",cups",
            "sku-1,u2,2026-01-02,6,\"Cup, \"\"tall\"\"\",cups",
            "sku-1,u3,2026-01-03,5,Cup,",
            "sku-2,u1,2026-01-04,,,") + "\n");
        List<Set<String>> ignored = new ArrayList<>();
        EventLog log = GenericLog.read(csv, GenericLog.Syntax.CSV, u -> true, ignored::add);
        assertEquals(4, log.interactions().size());
        assertEquals("purchase", log.interactions().get(0).type(), "type defaults to purchase");
        assertEquals("Cup, \"tall\"", log.catalog().get("sku-1").title(), "most frequent title");
        assertEquals("cups", log.catalog().get("sku-1").category());
        assertEquals(5.0, log.catalog().get("sku-1").price(), "median price");
        assertEquals("other", log.catalog().get("sku-2").category());
        assertNull(log.catalog().get("sku-2").price());
        assertTrue(ignored.isEmpty());
    }

    @Test
    void aMissingRequiredColumnNamesIt(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path csv = dir.resolve("log.csv");
        Files.writeString(csv, "user,item\nu1,sku-1\n");
        IOException e = assertThrows(IOException.class, () -> GenericLog.read(csv, GenericLog.Syntax.CSV, u -> true, x -> {}));
        assertTrue(e.getMessage().contains("has no [timestamp] column"), e.getMessage());
    }

    @Test
    void anUnknownEventTypeNamesTheLine(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path jsonl = dir.resolve("log.jsonl");
        Files.writeString(jsonl, "{\"user\":\"u\",\"item\":\"i\",\"timestamp\":1}\n{\"user\":\"u\",\"item\":\"i\",\"timestamp\":2,\"type\":\"like\"}\n");
        IOException e = assertThrows(IOException.class, () -> GenericLog.read(jsonl, GenericLog.Syntax.JSONL, u -> true, x -> {}));
        assertTrue(e.getMessage().endsWith("log.jsonl:2: [type] unknown event type [like], expected one of [cart, click, impression, purchase, view]"),
            e.getMessage());
    }
}
