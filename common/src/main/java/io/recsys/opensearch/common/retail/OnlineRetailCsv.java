package io.recsys.opensearch.common.retail;

import io.recsys.opensearch.common.csv.CsvLine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads the Online Retail CSV (gzip). Fields are quoted when they hold a comma or a quote, quotes inside are doubled
 * ({@code "RECORD FRAME 7"" SINGLE SIZE "}); no field holds a line break, so the file is read line by line.
 */
public final class OnlineRetailCsv {

    /** The header the file must start with: the column order the parser relies on. */
    static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    private static final int COLUMNS = 8;

    private OnlineRetailCsv() {}

    /** Streams every row of the file to {@code sink}, in file order. */
    public static void read(Path file, Consumer<RetailRow> sink) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            read(in, file.toString(), sink);
        }
    }

    /** Streams the rows of an uncompressed CSV stream; {@code source} names it in error messages. */
    static void read(InputStream in, String source, Consumer<RetailRow> sink) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String header = reader.readLine();
        if (header == null || header.strip().replace("\uFEFF", "").equals(HEADER) == false) {
            throw new IOException(source + ": expected the header [" + HEADER + "] but found [" + header + "]");
        }
        String line;
        long lineNumber = 1;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isEmpty()) {
                continue;
            }
            try {
                sink.accept(toRow(CsvLine.split(line)));
            } catch (RuntimeException e) {
                throw new IOException(source + ":" + lineNumber + ": cannot read [" + line + "]: " + e.getMessage(), e);
            }
        }
    }

    static RetailRow toRow(List<String> fields) {
        if (fields.size() != COLUMNS) {
            throw new IllegalArgumentException("expected " + COLUMNS + " fields, found " + fields.size());
        }
        String customer = fields.get(6).strip();
        return new RetailRow(
            fields.get(0).strip(),
            fields.get(1).strip(),
            fields.get(2),
            Integer.parseInt(fields.get(3).strip()),
            fields.get(4).strip(),
            Double.parseDouble(fields.get(5).strip()),
            customer.isEmpty() ? null : customer,
            fields.get(7).strip()
        );
    }
}
