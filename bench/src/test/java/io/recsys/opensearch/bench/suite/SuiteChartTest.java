package io.recsys.opensearch.bench.suite;

import io.recsys.opensearch.bench.Latencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The report's chart on its logarithmic axis: a scenario without measured queries must not stop the report. */
class SuiteChartTest {

    @TempDir
    Path dir;

    @Test
    void drawsMillisecondsAndSecondsTogetherAndAScenarioWithoutQueries() throws Exception {
        Latencies knn = new Latencies();
        Latencies pipeline = new Latencies();
        for (int i = 1; i <= 100; i++) {
            knn.add(1_500_000L + i * 10_000L); // nanoseconds: ~1.5-2.5 ms
            pipeline.add(600_000_000L + i * 1_000_000L); // ~0.6-0.7 s
        }
        NodeMeter.Usage usage = new NodeMeter.Usage(1, 0.5, 0.1, 0.6, 0, 0, 0);
        List<LoadRun.Result> results = List.of(
            new LoadRun.Result("k-NN", knn, 500, usage, 0, null, 10),
            new LoadRun.Result("client-side", pipeline, 2, usage, 0, null, 10),
            new LoadRun.Result("not measured", new Latencies(), 0, usage, 0, null, 0));
        Path png = dir.resolve("suite.png");
        SuiteChart.write(png, "test", results);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        assertEquals(1200, image.getWidth());
    }
}
