package io.recsys.opensearch.tools.e2e;

import io.recsys.opensearch.common.retail.StableHash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A small slice of the real Online Retail file for the end-to-end tests: every row of about 4% of the customers (a
 * seeded hash of the CustomerID), so baskets, repeat buyers and the December peak stay as they are; rows without a
 * customer are left out. Written once per build to target/test-data/.
 */
public final class TestData {

    /** Share of the customers kept. */
    static final double SHARE = 0.04;
    private static Path slice;

    private TestData() {}

    public static synchronized Path slice() {
        if (slice == null) {
            slice = write();
        }
        return slice;
    }

    public static Path fullFile() {
        Path file = Path.of(System.getProperty("recsys.data", "../demo/data/online_retail.csv.gz")).toAbsolutePath().normalize();
        if (Files.isRegularFile(file) == false) {
            throw new IllegalStateException("the Online Retail file is missing: " + file);
        }
        return file;
    }

    private static Path write() {
        Path target = Path.of("target", "test-data", "online_retail_slice.csv.gz").toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(fullFile())), StandardCharsets.UTF_8));
                 Writer out = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(target)), StandardCharsets.UTF_8)) {
                out.write(in.readLine());
                out.write('\n');
                String line;
                while ((line = in.readLine()) != null) {
                    String customer = customerOf(line);
                    if (customer.isEmpty() == false && StableHash.unit(1, "slice", customer) < SHARE) {
                        out.write(line);
                        out.write('\n');
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test slice " + target, e);
        }
    }

    /** CustomerID is the 7th of 8 columns; only Description (3rd) is ever quoted, so counting from the end is safe. */
    static String customerOf(String line) {
        int last = line.lastIndexOf(',');
        int before = line.lastIndexOf(',', last - 1);
        return line.substring(before + 1, last).strip();
    }
}
