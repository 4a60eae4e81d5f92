package io.recsys.opensearch.common.csv;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CsvLineTest {

    @Test
    void quotedFieldsKeepTheirCommasAndDoubledQuotes() {
        assertEquals(List.of("536381", "AIRLINE LOUNGE,METAL SIGN", "RECORD FRAME 7\" SINGLE", ""),
            CsvLine.split("536381,\"AIRLINE LOUNGE,METAL SIGN\",\"RECORD FRAME 7\"\" SINGLE\","));
    }

    @Test
    void anEmptyLineIsOneEmptyField() {
        assertEquals(List.of(""), CsvLine.split(""));
    }

    @Test
    void anUnbalancedQuoteIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CsvLine.split("a,\"b,c"));
    }
}
