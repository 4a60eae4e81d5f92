package io.recsys.opensearch.demo;

import org.opensearch.Version;
import org.opensearch.plugins.PluginInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Describes the plugins the embedded node loads from its own classpath, the way their plugin-descriptor.properties
 * would in a real install.
 *
 * <p>k-NN and opensearch-recsys are described by the descriptors inside their plugin zips (the ones
 * {@code opensearch-plugin install} reads), so {@code _cat/plugins} shows their real names and versions and the
 * declared {@code extended.plugins} links hold: k-NN extends lang-painless (its scoring functions), ours extends
 * opensearch-knn. The two modules come from Maven jars without a descriptor and are described here, as modules of
 * the distribution would be.
 */
final class ClasspathPlugins {

    static final String DESCRIPTOR = PluginInfo.OPENSEARCH_PLUGIN_PROPERTIES;

    private ClasspathPlugins() {}

    /**
     * @param knnZip    the k-NN plugin zip (from the root build, knn/target/)
     * @param recsysZip our plugin zip (from the root build, target/)
     * @param workDir   where the descriptors are unpacked to be read
     */
    static List<PluginInfo> describe(Path knnZip, Path recsysZip, Path workDir) {
        return List.of(
            module("transport-netty4", "org.opensearch.transport.Netty4ModulePlugin", "Netty 4 based transport (HTTP)"),
            module("lang-painless", "org.opensearch.painless.PainlessModulePlugin", "the painless scripting language"),
            fromZip(knnZip, workDir),
            fromZip(recsysZip, workDir)
        );
    }

    private static PluginInfo module(String name, String classname, String description) {
        return new PluginInfo(name, description, Version.CURRENT.toString(), Version.CURRENT, "21", classname, null, List.of(), false);
    }

    /** Reads the zip's descriptor through PluginInfo itself, so it is validated as an install would validate it. */
    static PluginInfo fromZip(Path zip, Path workDir) {
        if (Files.isRegularFile(zip) == false) {
            throw new DemoException("missing plugin zip " + zip + ": build the project first (mvn -B -q package -DskipTests at the root)");
        }
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry entry = file.getEntry(DESCRIPTOR);
            if (entry == null) {
                throw new DemoException(zip + " holds no " + DESCRIPTOR);
            }
            String name = zip.getFileName().toString().replaceFirst("\\.zip$", "");
            Path dir = Files.createDirectories(workDir.resolve(name));
            try (InputStream in = file.getInputStream(entry)) {
                Files.copy(in, dir.resolve(DESCRIPTOR), StandardCopyOption.REPLACE_EXISTING);
            }
            return PluginInfo.readFromProperties(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the descriptor of " + zip, e);
        } catch (IllegalArgumentException e) {
            throw new DemoException("the descriptor of " + zip + " is not valid: " + e.getMessage(), e);
        }
    }

    /**
     * Copies the zip's config/ folder to {@code configDir}, as the plugin CLI copies it to
     * {@code $OPENSEARCH_PATH_CONF/<plugin name>/} on install; files already there are kept, like the CLI does.
     */
    static int installConfig(Path zip, Path configDir) {
        int copied = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                if (entry.isDirectory() || entry.getName().startsWith("config/") == false) {
                    continue;
                }
                Path target = configDir.resolve(entry.getName().substring("config/".length())).normalize();
                if (target.startsWith(configDir) == false) {
                    throw new DemoException(zip + " has an entry outside config/: " + entry.getName());
                }
                if (Files.exists(target)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target);
                }
                copied++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the config of " + zip, e);
        }
        return copied;
    }
}
