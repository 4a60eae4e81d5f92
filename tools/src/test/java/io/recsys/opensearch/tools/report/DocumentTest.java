package io.recsys.opensearch.tools.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report renders the same content as Markdown and as HTML. */
class DocumentTest {

    private final Document doc = new Document()
        .heading(1, "Report")
        .paragraph("**NDCG** of `full` < 1 & > 0")
        .table(List.of("variant", "NDCG"), List.of(List.of("full", "0.0897"), List.of("popular", "0.0329")))
        .image("chart.png", "NDCG by K");

    @Test
    void markdownHasARightAlignedTableAndTheImage() {
        String md = doc.markdown();
        assertTrue(md.contains("| variant | NDCG |\n|---|---:|\n| full | 0.0897 |\n| popular | 0.0329 |\n"), md);
        assertTrue(md.contains("![NDCG by K](chart.png)"), md);
    }

    @Test
    void htmlEscapesTextAndKeepsBoldCodeNumbersAndImage() {
        String html = doc.html("Report <1>");
        assertTrue(html.contains("<title>Report &lt;1&gt;</title>"), html);
        assertTrue(html.contains("<p><b>NDCG</b> of <code>full</code> &lt; 1 &amp; &gt; 0</p>"), html);
        assertTrue(html.contains("<td>full</td><td class=\"n\">0.0897</td>"), html);
        assertTrue(html.contains("<img src=\"chart.png\" alt=\"NDCG by K\">"), html);
    }
}
