package io.recsys.opensearch.tools.cli;

import io.recsys.opensearch.common.retail.PlatformSplit;
import io.recsys.opensearch.common.retail.StableHash;
import io.recsys.opensearch.tools.data.EventLog;
import io.recsys.opensearch.tools.data.GenericLog;
import io.recsys.opensearch.tools.data.OnlineRetailLog;
import io.recsys.opensearch.tools.data.PlatformAssignment;
import io.recsys.opensearch.tools.data.Timestamps;
import io.recsys.opensearch.tools.rest.ClusterException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** The event log to read: file, format, a sample of its users, the pseudo-platform split. */
public final class DataOptions {

    /** Input formats. */
    public enum Format { AUTO, ONLINE_RETAIL, CSV, JSONL }

    @Option(names = "--data", description = "The event log (required): the Online Retail .csv.gz, or a generic CSV/JSONL file (.gz allowed).")
    Path data;

    @Option(names = "--format", defaultValue = "auto", converter = FormatConverter.class,
        description = "online-retail, csv, jsonl or auto (Online Retail when the first line is its header, JSONL for .jsonl/.ndjson/.json, else CSV). Default: ${DEFAULT-VALUE}")
    Format format;

    @Option(names = "--sample-users", defaultValue = "1.0",
        description = "Keep this share of the users, chosen by a seeded hash of the user id (quick runs). Default: ${DEFAULT-VALUE}")
    double sampleUsers;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of every random choice (user sample, platform split, splits, embeddings). Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--platforms", split = ",", defaultValue = "app,web,mini-program",
        description = "Pseudo-platforms given to logs without a platform. Default: ${DEFAULT-VALUE}")
    List<String> platforms;

    public Path data() {
        return data;
    }

    public long seed() {
        return seed;
    }

    public PlatformSplit split() {
        return new PlatformSplit(platforms, seed);
    }

    /** Reads the log, samples users, and gives every event a platform (its own, or the pseudo-platform split's). */
    public EventLog read(PrintStream out) {
        if (data == null) {
            throw new ClusterException("--data is required: the event log to read");
        }
        if (Files.isRegularFile(data) == false) {
            throw new ClusterException("no such file: " + data.toAbsolutePath());
        }
        if (sampleUsers <= 0 || sampleUsers > 1) {
            throw new ClusterException("--sample-users must be in (0, 1], got " + sampleUsers);
        }
        Predicate<String> keep = sampleUsers >= 1 ? u -> true : u -> StableHash.unit(seed, "sample", u) < sampleUsers;
        long start = System.nanoTime();
        EventLog log;
        try {
            Format actual = format == Format.AUTO ? detect(data) : format;
            log = switch (actual) {
                case ONLINE_RETAIL -> OnlineRetailLog.read(data, keep);
                case CSV -> GenericLog.read(data, GenericLog.Syntax.CSV, keep, ignored -> out.println("  ignored columns: " + ignored));
                case JSONL -> GenericLog.read(data, GenericLog.Syntax.JSONL, keep, ignored -> out.println("  ignored fields: " + ignored));
                case AUTO -> throw new IllegalStateException();
            };
        } catch (IOException e) {
            throw new ClusterException("cannot read " + data + ": " + e.getMessage(), e);
        }
        if (log.interactions().isEmpty()) {
            throw new ClusterException(data + " holds no usable interaction" + (sampleUsers < 1 ? " for the sampled users (--sample-users " + sampleUsers + ")" : ""));
        }
        EventLog split = PlatformAssignment.apply(split(), log);
        out.printf(Locale.ROOT, "read %s: %,d interactions of %,d users on %,d items (%s to %s) in %.1f s%n", data.getFileName(),
            split.interactions().size(), split.users(), split.catalog().size(),
            Timestamps.iso(split.interactions().get(0).timestamp()).substring(0, 10),
            Timestamps.iso(split.interactions().get(split.interactions().size() - 1).timestamp()).substring(0, 10),
            (System.nanoTime() - start) / 1e9);
        return split;
    }

    static Format detect(Path file) throws IOException {
        if (GenericLog.syntaxOf(file) == GenericLog.Syntax.JSONL) {
            return Format.JSONL;
        }
        try (var reader = file.toString().endsWith(".gz")
            ? new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(Files.newInputStream(file))))
            : Files.newBufferedReader(file)) {
            String header = reader.readLine();
            return header != null && header.replace("\uFEFF", "").startsWith("InvoiceNo,StockCode,") ? Format.ONLINE_RETAIL : Format.CSV;
        }
    }

    /** Accepts online-retail as well as ONLINE_RETAIL. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("unknown format [" + value + "]: online-retail, csv, jsonl or auto");
            }
        }
    }
}
