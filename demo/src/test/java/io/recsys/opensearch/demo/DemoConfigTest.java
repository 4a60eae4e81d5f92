package io.recsys.opensearch.demo;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoConfigTest {

    private static final Path DEMO = Path.of("/work/project/demo");

    @Test
    void defaultsLiveUnderTheDemoFolder() {
        DemoConfig config = DemoConfig.from(Map.of(), DEMO, 1000);
        assertEquals(Path.of("/work/project"), config.projectDir());
        assertEquals(DEMO.resolve("target/opensearch"), config.homeDir());
        assertEquals(DEMO.resolve("data/online_retail.csv.gz"), config.dataFile());
        assertEquals("http://127.0.0.1:9200", config.baseUrl());
        assertEquals("http://127.0.0.1:9201/", config.pageUrl());
        assertFalse(config.reload());
        assertEquals(1000, config.startedAtMs());
    }

    @Test
    void environmentVariablesOverrideThem() {
        DemoConfig config = DemoConfig.from(Map.of(
            "RECSYS_DEMO_HOME", "/tmp/node",
            "RECSYS_DEMO_HTTP_PORT", "9210",
            "RECSYS_DEMO_PAGE_PORT", "9211",
            "RECSYS_DEMO_RELOAD", "1",
            "RECSYS_DEMO_STARTED_AT_MS", "42"
        ), DEMO, 1000);
        assertEquals(Path.of("/tmp/node"), config.homeDir());
        assertEquals("127.0.0.1:9210", config.curlHost());
        assertEquals("http://127.0.0.1:9211/", config.pageUrl());
        assertTrue(config.reload());
        assertEquals(42, config.startedAtMs());
    }

    @Test
    void aBadPortIsExplained() {
        DemoException e = assertThrows(DemoException.class, () -> DemoConfig.from(Map.of("RECSYS_DEMO_HTTP_PORT", "http"), DEMO, 0));
        assertEquals("RECSYS_DEMO_HTTP_PORT must be a number, got [http]", e.getMessage());
    }
}
