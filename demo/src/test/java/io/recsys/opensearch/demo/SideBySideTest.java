package io.recsys.opensearch.demo;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SideBySideTest {

    @Test
    void columnsLineUpAndShortColumnsLeaveBlanks() {
        List<String> lines = SideBySide.table(List.of("left", "right"), List.of(List.of("a", "b"), List.of("c")), 6);
        assertEquals(List.of(
            "  #  left    right",
            "  1  a       c",
            "  2  b"), lines);
    }

    @Test
    void theTitleIsCutNeverTheCategory() {
        assertEquals("GLASS BEAD HOOP NECKLACE (jewellery)", SideBySide.labelled("GLASS BEAD HOOP NECKLACE", "jewellery", 40));
        assertEquals("GLASS BEAD HO… (jewellery)", SideBySide.labelled("GLASS BEAD HOOP NECKLACE", "jewellery", 26));
        assertEquals(26, SideBySide.labelled("GLASS BEAD HOOP NECKLACE", "jewellery", 26).length());
        assertEquals("GLASS…", SideBySide.labelled("GLASS BEAD", "a very long category", 6));
    }
}
