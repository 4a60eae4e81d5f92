package io.recsys.opensearch.tools.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A report as a list of blocks, rendered to Markdown and to HTML from the same content, so the two never disagree.
 */
public final class Document {

    /** A block of the report. */
    public sealed interface Block permits Heading, Paragraph, Code, Table, Image, Bullets {}

    public record Heading(int level, String text) implements Block {}

    /** Plain text; {@code **bold**} and {@code `code`} are kept as Markdown and converted for HTML. */
    public record Paragraph(String text) implements Block {}

    public record Code(String text) implements Block {}

    /** A table; the first column is left-aligned, the others right-aligned (numbers). */
    public record Table(List<String> header, List<List<String>> rows) implements Block {}

    /** A PNG beside the report, by its file name. */
    public record Image(String file, String alt) implements Block {}

    public record Bullets(List<String> items) implements Block {}

    private final List<Block> blocks = new ArrayList<>();

    public Document heading(int level, String text) {
        blocks.add(new Heading(level, text));
        return this;
    }

    public Document paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    public Document code(String text) {
        blocks.add(new Code(text));
        return this;
    }

    public Document table(List<String> header, List<List<String>> rows) {
        blocks.add(new Table(List.copyOf(header), rows.stream().map(List::copyOf).toList()));
        return this;
    }

    public Document image(String file, String alt) {
        blocks.add(new Image(file, alt));
        return this;
    }

    public Document bullets(List<String> items) {
        blocks.add(new Bullets(List.copyOf(items)));
        return this;
    }

    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        for (Block block : blocks) {
            switch (block) {
                case Heading h -> md.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
                case Paragraph p -> md.append(p.text()).append("\n\n");
                case Code c -> md.append("```\n").append(c.text()).append("\n```\n\n");
                case Table t -> {
                    md.append("| ").append(String.join(" | ", t.header())).append(" |\n|");
                    for (int i = 0; i < t.header().size(); i++) {
                        md.append(i == 0 ? "---|" : "---:|");
                    }
                    md.append('\n');
                    for (List<String> row : t.rows()) {
                        md.append("| ").append(String.join(" | ", row)).append(" |\n");
                    }
                    md.append('\n');
                }
                case Image i -> md.append("![").append(i.alt()).append("](").append(i.file()).append(")\n\n");
                case Bullets b -> {
                    b.items().forEach(item -> md.append("- ").append(item).append('\n'));
                    md.append('\n');
                }
            }
        }
        return md.toString();
    }

    public String html(String title) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title)).append("</title>\n")
            .append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.45}")
            .append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px}td.n,th.n{text-align:right}")
            .append("th{background:#f3f3f3}pre{background:#f6f6f6;padding:.8em;overflow-x:auto}img{max-width:100%}</style></head><body>\n");
        for (Block block : blocks) {
            switch (block) {
                case Heading h -> html.append("<h").append(h.level()).append('>').append(inline(h.text())).append("</h").append(h.level()).append(">\n");
                case Paragraph p -> html.append("<p>").append(inline(p.text())).append("</p>\n");
                case Code c -> html.append("<pre>").append(escape(c.text())).append("</pre>\n");
                case Table t -> {
                    html.append("<table><tr>");
                    for (int i = 0; i < t.header().size(); i++) {
                        html.append(i == 0 ? "<th>" : "<th class=\"n\">").append(inline(t.header().get(i))).append("</th>");
                    }
                    html.append("</tr>\n");
                    for (List<String> row : t.rows()) {
                        html.append("<tr>");
                        for (int i = 0; i < row.size(); i++) {
                            html.append(i == 0 ? "<td>" : "<td class=\"n\">").append(inline(row.get(i))).append("</td>");
                        }
                        html.append("</tr>\n");
                    }
                    html.append("</table>\n");
                }
                case Image i -> html.append("<p><img src=\"").append(escape(i.file())).append("\" alt=\"").append(escape(i.alt())).append("\"></p>\n");
                case Bullets b -> {
                    html.append("<ul>");
                    b.items().forEach(item -> html.append("<li>").append(inline(item)).append("</li>"));
                    html.append("</ul>\n");
                }
            }
        }
        return html.append("</body></html>\n").toString();
    }

    /** Escapes, then turns {@code **x**} into bold and {@code `x`} into code. */
    static String inline(String text) {
        return escape(text).replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>").replaceAll("`(.+?)`", "<code>$1</code>");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
