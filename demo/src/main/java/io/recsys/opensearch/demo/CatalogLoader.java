package io.recsys.opensearch.demo;

import io.recsys.opensearch.common.retail.Catalog;
import io.recsys.opensearch.common.retail.Product;
import io.recsys.opensearch.common.retail.RetailData;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Loads the catalog into the node over REST.
 *
 * <p>Re-runs: the index's {@code _meta} records a fingerprint of what was loaded (the data file's sha256, this
 * loader's version, the embedding's dimension and seed). When it matches and the document count is right, loading
 * is skipped; otherwise the index is deleted and loaded again. {@code RECSYS_DEMO_RELOAD=1} always reloads.
 */
final class CatalogLoader {

    /** Bump when the documents change for the same data file (rules, fields), so old data dirs reload. */
    static final int LOADER_VERSION = 1;
    /** Documents per bulk request: about 1 MB with 64-d vectors. */
    private static final int BULK_SIZE = 1000;

    private final NodeRest rest;
    private final Console console;

    CatalogLoader(NodeRest rest, Console console) {
        this.rest = rest;
        this.console = console;
    }

    /**
     * Makes sure {@code products} holds the current catalog.
     *
     * @param fingerprint what the index must have been loaded from to be reused, see {@link #fingerprint}
     * @param data        reads the log: maybe already running in the background; run here if not, and only when
     *                    loading is needed
     */
    LoadSummary ensureLoaded(Path dataFile, String fingerprint, BasketEmbedder embedder, BackgroundRead<RetailData> data, boolean reload) {
        LoadSummary existing = reload ? null : existing(fingerprint);
        if (existing != null) {
            console.step("index [%s] already holds this data (%,d items); skipping the load (RECSYS_DEMO_RELOAD=1 reloads)",
                CatalogIndex.NAME, existing.items());
            return existing;
        }
        long start = System.nanoTime();
        Catalog loaded = data.get().catalog();
        console.step("read %s: %,d rows, kept %,d (dropped: %s)", dataFile.getFileName(), loaded.rowsRead(), loaded.rowsKept(),
            dropped(loaded));
        console.step("catalog: %,d items, %,d customers, %,d invoices", loaded.products().size(), loaded.customers(), loaded.invoices());

        List<Product> products = loaded.products();
        long embedStart = System.nanoTime();
        float[][] embeddings = embedder.embed(
            products.stream().map(Product::id).toList(),
            products.stream().map(Product::category).toList(),
            loaded.baskets()
        );
        console.step("embeddings: %d-d, random indexing over %,d baskets, in %s", embedder.dimensions(), loaded.invoices(),
            Console.seconds(millisSince(embedStart)));

        long indexStart = System.nanoTime();
        LoadSummary summary = new LoadSummary(products.size(), categoryCounts(products), loaded.customers(), loaded.invoices(),
            loaded.rowsRead(), loaded.rowsKept(), false, 0);
        recreateIndex(embedder.dimensions(), meta(fingerprint, summary));
        index(products, embeddings);
        console.step("indexed %,d products into [%s] in %s", products.size(), CatalogIndex.NAME, Console.seconds(millisSince(indexStart)));
        return new LoadSummary(summary.items(), summary.categories(), summary.customers(), summary.invoices(), summary.rowsRead(),
            summary.rowsKept(), false, millisSince(start));
    }

    private void recreateIndex(int dimensions, Map<String, Object> meta) {
        if (rest.send("HEAD", "/" + CatalogIndex.NAME, null).ok()) {
            rest.expectOk("DELETE", "/" + CatalogIndex.NAME, null);
            console.step("deleted the previous [%s] index", CatalogIndex.NAME);
        }
        rest.expectOk("PUT", "/" + CatalogIndex.NAME, CatalogIndex.definition(dimensions, meta));
    }

    /** Bulk-loads every product, refreshes once, and checks the count. */
    private void index(List<Product> products, float[][] embeddings) {
        for (int from = 0; from < products.size(); from += BULK_SIZE) {
            int to = Math.min(products.size(), from + BULK_SIZE);
            NodeRest.Reply reply = rest.send("POST", "/_bulk", CatalogIndex.bulk(products, embeddings, from, to), "application/x-ndjson");
            if (reply.ok() == false || Boolean.TRUE.equals(reply.json().get("errors"))) {
                throw new DemoException("bulk indexing into [" + CatalogIndex.NAME + "] failed: " + NodeRest.abbreviate(reply.body()));
            }
        }
        rest.expectOk("POST", "/" + CatalogIndex.NAME + "/_refresh", null);
        rest.expectOk("PUT", "/" + CatalogIndex.NAME + "/_settings", CatalogIndex.afterLoadSettings());
        int count = count();
        if (count != products.size()) {
            throw new DemoException("[" + CatalogIndex.NAME + "] holds " + count + " documents after loading " + products.size());
        }
    }

    /** The summary stored by a previous load, or null when the index is missing, stale or incomplete. */
    private LoadSummary existing(String fingerprint) {
        NodeRest.Reply reply = rest.send("GET", "/" + CatalogIndex.NAME + "/_mapping", null);
        if (reply.status() == 404) {
            return null;
        }
        if (reply.ok() == false) {
            throw new DemoException("GET /" + CatalogIndex.NAME + "/_mapping answered " + reply.status() + ": " + reply.body());
        }
        Map<String, Object> meta = Json.object(reply.json(), CatalogIndex.NAME, "mappings", "_meta", CatalogIndex.META_KEY);
        if (meta == null || fingerprint.equals(meta.get("fingerprint")) == false) {
            console.step("index [%s] was loaded from other data or by another version of the demo: reloading", CatalogIndex.NAME);
            return null;
        }
        int items = ((Number) meta.get("items")).intValue();
        if (count() != items) {
            console.step("index [%s] is incomplete: reloading", CatalogIndex.NAME);
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> categories = (Map<String, Object>) meta.get("categories");
        Map<String, Integer> counts = categories.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> ((Number) e.getValue()).intValue()));
        return new LoadSummary(items, sortedByCount(counts), ((Number) meta.get("customers")).intValue(),
            ((Number) meta.get("invoices")).intValue(), ((Number) meta.get("rows_read")).longValue(),
            ((Number) meta.get("rows_kept")).longValue(), true, 0);
    }

    private int count() {
        return ((Number) rest.expectOk("GET", "/" + CatalogIndex.NAME + "/_count", null).json().get("count")).intValue();
    }

    private static Map<String, Object> meta(String fingerprint, LoadSummary summary) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("fingerprint", fingerprint);
        meta.put("items", summary.items());
        meta.put("customers", summary.customers());
        meta.put("invoices", summary.invoices());
        meta.put("rows_read", summary.rowsRead());
        meta.put("rows_kept", summary.rowsKept());
        meta.put("categories", summary.categories());
        return meta;
    }

    static Map<String, Integer> categoryCounts(List<Product> products) {
        return sortedByCount(products.stream().collect(Collectors.toMap(Product::category, p -> 1, Integer::sum)));
    }

    /** Largest first, then by name: the order the report prints. */
    static Map<String, Integer> sortedByCount(Map<String, Integer> counts) {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    static String fingerprint(Path dataFile, BasketEmbedder embedder) {
        return "sha256=" + sha256(dataFile) + ";loader=" + LOADER_VERSION + ";dims=" + embedder.dimensions() + ";seed=" + embedder.seed();
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String dropped(Catalog catalog) {
        return catalog.dropped().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + String.format(Locale.ROOT, "%,d", e.getValue()))
            .collect(Collectors.joining(", "));
    }

    private static long millisSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1_000_000;
    }
}
