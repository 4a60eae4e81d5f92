package io.recsys.opensearch.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The plugin zips of the root build, by the versions the demo was built with (artifacts.properties, filled in by
 * Maven): the node reads their plugin descriptors and our plugin's config/.
 *
 * @param knnZip    the k-NN plugin zip the root build copies from Maven Central
 * @param recsysZip our plugin zip
 */
record Artifacts(Path knnZip, Path recsysZip) {

    static Artifacts of(Path projectDir) {
        Properties properties = new Properties();
        try (InputStream in = Artifacts.class.getResourceAsStream("artifacts.properties")) {
            if (in == null) {
                throw new IllegalStateException("artifacts.properties is missing from the demo's classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Artifacts(projectDir.resolve(properties.getProperty("knn.zip")), projectDir.resolve(properties.getProperty("recsys.zip")));
    }
}
