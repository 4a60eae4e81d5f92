package io.recsys.opensearch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Markdown report, also echoed to the console. */
public final class Report {

    /** What has been written so far. */
    private final StringBuilder markdown = new StringBuilder();

    public void section(String title) {
        line("");
        line("### " + title);
        line("");
    }

    public void line(String text) {
        markdown.append(text).append('\n');
    }

    public void tableHeader(String... columns) {
        row(columns);
        StringBuilder rule = new StringBuilder("|");
        for (int i = 0; i < columns.length; i++) {
            rule.append(i == 0 ? "---|" : "---:|");
        }
        line(rule.toString());
    }

    public void row(String... cells) {
        line("| " + String.join(" | ", cells) + " |");
    }

    public String text() {
        return markdown.toString();
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, markdown.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
