package io.recsys.opensearch.demo;

import io.recsys.opensearch.common.retail.PlatformSplit;
import io.recsys.opensearch.common.retail.RetailData;

import org.apache.logging.log4j.LogManager;
import org.opensearch.Version;
import org.opensearch.http.BindHttpException;
import org.opensearch.node.Node;
import org.opensearch.plugins.PluginInfo;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The demo: starts an OpenSearch node with k-NN and opensearch-recsys in this JVM, loads the Online Retail catalog
 * over REST, creates the {@code storefront} recommender, replays the log as events of cross-platform customers,
 * builds "bought together" indicators, prints examples and what to try, and serves until Ctrl-C.
 * Run it with {@code scripts/demo.sh}.
 */
public final class DemoMain {

    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(120);

    private DemoMain() {}

    public static void main(String[] args) {
        Console console = new Console(System.out);
        try {
            DemoConfig config = DemoConfig.from(System.getenv(), demoDir(), ManagementFactory.getRuntimeMXBean().getStartTime());
            run(config, console);
        } catch (DemoException e) {
            fail(e.getMessage(), null);
        } catch (Throwable t) {
            fail(t.toString(), t);
        }
    }

    private static void run(DemoConfig config, Console console) {
        prepare(config);
        BasketEmbedder embedder = new BasketEmbedder(BasketEmbedder.DEFAULT_DIMENSIONS, BasketEmbedder.DEFAULT_SEED);
        PlatformSplit split = new PlatformSplit(PlatformSplit.DEFAULT_PLATFORMS, PlatformSplit.DEFAULT_SEED);
        Fingerprints fingerprints = new Fingerprints(CatalogLoader.fingerprint(config.dataFile(), embedder), split);
        BackgroundRead<RetailData> data = readData(config, fingerprints.replay());

        long nodeStart = System.nanoTime();
        CountDownLatch stopped = new CountDownLatch(1);
        startNode(config, console, stopped);
        NodeRest rest = new NodeRest(config.baseUrl());
        rest.waitForYellow(HEALTH_TIMEOUT);
        long nodeMillis = (System.nanoTime() - nodeStart) / 1_000_000;
        console.step("node is up at http://%s in %s", config.curlHost(), Console.seconds(nodeMillis));

        Loaded loaded = load(config, console, rest, embedder, split, fingerprints, data);
        data = null; // the ~400,000 parsed purchases are not needed while the node serves
        new DemoReport(rest, console, config).print(loaded.catalog(), loaded.replay(), loaded.indicators(), nodeMillis,
            personalized -> openPage(config, console, rest, personalized));
        awaitQuietly(stopped);
    }

    /** The catalog's fingerprint and the replay's, which includes it. */
    private record Fingerprints(String catalog, String replay) {
        Fingerprints(String catalog, PlatformSplit split) {
            this(catalog, EventReplay.fingerprint(catalog, split));
        }
    }

    /** What the node holds once loaded. */
    private record Loaded(LoadSummary catalog, ReplaySummary replay, Indicators.Summary indicators) {}

    /** Catalog, recommender, event replay and indicators, each skipped when the node already holds it. */
    private static Loaded load(DemoConfig config, Console console, NodeRest rest, BasketEmbedder embedder, PlatformSplit split,
        Fingerprints fingerprints, BackgroundRead<RetailData> data) {
        LoadSummary catalog = new CatalogLoader(rest, console).ensureLoaded(config.dataFile(), fingerprints.catalog(), embedder, data,
            config.reload());
        StorefrontRecommender recommender = new StorefrontRecommender(rest, console);
        recommender.put();
        ReplaySummary replay = new EventReplay(rest, console, recommender, split).ensureReplayed(fingerprints.replay(), data);
        Indicators.Summary indicators = new Indicators(rest, console).ensureBuilt(fingerprints.replay());
        LoadedMarker.write(config.homeDir(), fingerprints.replay());
        return new Loaded(catalog, replay, indicators);
    }

    /** Serves the storefront page (static files and the node's API on one origin) until the JVM exits. */
    private static void openPage(DemoConfig config, Console console, NodeRest rest, Optional<PersonalizedSearch.Result> personalized) {
        List<StorefrontCustomers.Customer> customers = new StorefrontCustomers(rest).find(personalized);
        StorefrontPage.start(config.httpHost(), config.pagePort(), rest, customers);
        console.step("storefront page at %s (%d customers in its switcher, and an anonymous visitor)", config.pageUrl(), customers.size());
    }

    /** The node's home, its log location, and the checks that fail early with a clear message. */
    private static void prepare(DemoConfig config) {
        try {
            Files.createDirectories(config.homeDir().resolve("config"));
        } catch (IOException e) {
            throw new DemoException("cannot create the node's home " + config.homeDir() + ": " + e.getMessage(), e);
        }
        // before the first logger is created: log4j2.properties writes the node's full log there
        System.setProperty("recsys.demo.logs", config.homeDir().resolve("logs").toString());
        if (Files.isRegularFile(config.dataFile()) == false) {
            throw new DemoException("data file " + config.dataFile() + " not found (RECSYS_DEMO_DATA)");
        }
        if (config.httpPort() == config.pagePort()) {
            throw new DemoException("RECSYS_DEMO_HTTP_PORT and RECSYS_DEMO_PAGE_PORT are both " + config.httpPort()
                + ": the node and the storefront page need a port each");
        }
        PortCheck.ensureFree(config.httpHost(), config.httpPort(), PortCheck.Use.HTTP);
        PortCheck.ensureFree(config.httpHost(), config.pagePort(), PortCheck.Use.PAGE);
    }

    /**
     * Reading and cleaning the log takes a few seconds of CPU: it runs while the node starts, unless the last run
     * says the node already holds everything derived from it (then it is read only if the node disagrees).
     */
    private static BackgroundRead<RetailData> readData(DemoConfig config, String fingerprint) {
        BackgroundRead<RetailData> data = new BackgroundRead<>(() -> RetailData.read(config.dataFile()), config.dataFile().toString());
        if (config.reload() || fingerprint.equals(LoadedMarker.read(config.homeDir())) == false) {
            data.startInBackground();
        }
        return data;
    }

    /** Starts the node, with a shutdown hook that closes it and then releases {@code stopped}. */
    private static void startNode(DemoConfig config, Console console, CountDownLatch stopped) {
        Artifacts artifacts = Artifacts.of(config.projectDir());
        List<PluginInfo> plugins = ClasspathPlugins.describe(artifacts.knnZip(), artifacts.recsysZip(),
            config.homeDir().resolve("plugin-descriptors"));
        ClasspathPlugins.installConfig(artifacts.recsysZip(), config.homeDir().resolve("config").resolve("opensearch-recsys"));
        console.step("starting OpenSearch %s on %s with %s; home %s", Version.CURRENT, config.curlHost(),
            plugins.stream().map(p -> p.getName() + " " + p.getVersion()).collect(Collectors.joining(", ")), config.homeDir());

        Node node = DemoNode.create(config, plugins);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node, console, stopped), "demo-shutdown"));
        try {
            node.start();
        } catch (BindHttpException e) {
            throw new DemoException(PortCheck.inUse(config.httpHost(), config.httpPort(), PortCheck.Use.HTTP), e);
        } catch (Exception e) {
            throw new DemoException("the node failed to start: " + e, e);
        }
    }

    /** Exits with status 1; the shutdown hook closes the node if it was started. */
    private static void fail(String message, Throwable trace) {
        System.out.flush();
        System.err.println("[demo] error: " + message);
        if (trace != null) {
            trace.printStackTrace();
        }
        System.exit(1);
    }

    /** Runs on Ctrl-C (and on exit after a failure): closes the node so its data directory is left clean. */
    private static void stop(Node node, Console console, CountDownLatch stopped) {
        console.step("stopping the node…");
        try {
            node.close();
            if (node.awaitClose(30, TimeUnit.SECONDS) == false) {
                console.step("the node did not stop within 30 s");
            } else {
                console.step("node stopped");
            }
        } catch (IOException | RuntimeException e) {
            console.step("error while stopping the node: %s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            String archive = System.getProperty("recsys.demo.cds.archive");
            if (archive != null && Files.exists(Path.of(archive)) == false) {
                // the JVM writes it after this hook, silently: say why the exit takes a few more seconds
                console.step("saving the class-data archive for a faster next start (once)…");
            }
            stopped.countDown();
            // log4j's own shutdown hook is off (log4j2.properties), so the node's last lines are not lost
            LogManager.shutdown();
        }
    }

    /** The demo module's folder: set by scripts/demo.sh, else guessed from the working directory. */
    private static Path demoDir() {
        String dir = System.getProperty("recsys.demo.dir");
        if (dir != null) {
            return Path.of(dir);
        }
        return Files.isDirectory(Path.of("demo", "data")) ? Path.of("demo") : Path.of(".");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
