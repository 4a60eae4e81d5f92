package io.recsys.opensearch.common.retail;

import io.recsys.opensearch.common.csv.CsvLine;
import io.recsys.opensearch.common.retail.CleaningRules.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CleaningRulesTest {

    private static RetailRow row(String invoice, String code, int quantity, double price, String customer) {
        return new RetailRow(invoice, code, "WHITE METAL LANTERN", quantity, "2010-12-01 08:26:00", price, customer, "United Kingdom");
    }

    @Test
    void aPurchaseOfAProductByACustomerIsKept() {
        assertEquals(Verdict.KEPT, CleaningRules.judge(row("536365", "71053", 6, 3.39, "17850")));
        assertEquals(Verdict.KEPT, CleaningRules.judge(row("536365", "85123A", 6, 2.55, "17850")));
    }

    @Test
    void eachRuleDropsItsRows() {
        assertEquals(Verdict.NO_CUSTOMER, CleaningRules.judge(row("536365", "71053", 6, 3.39, null)));
        assertEquals(Verdict.CANCELLED, CleaningRules.judge(row("C536379", "71053", 1, 3.39, "17850")));
        assertEquals(Verdict.NON_POSITIVE_QUANTITY, CleaningRules.judge(row("536365", "71053", 0, 3.39, "17850")));
        assertEquals(Verdict.NON_POSITIVE_QUANTITY, CleaningRules.judge(row("536365", "71053", -2, 3.39, "17850")));
        assertEquals(Verdict.NON_POSITIVE_PRICE, CleaningRules.judge(row("536365", "71053", 6, 0.0, "17850")));
        assertEquals(Verdict.NOT_A_PRODUCT, CleaningRules.judge(row("536365", "POST", 3, 18.0, "17850")));
    }

    @Test
    void theFirstBrokenRuleIsTheVerdict() {
        // a cancelled postage line without customer counts as "no customer" only
        assertEquals(Verdict.NO_CUSTOMER, CleaningRules.judge(row("C536379", "POST", -1, 18.0, null)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "POST", "DOT", "C2", "M", "m", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS",
        "DCGS0003", "DCGSSGIRL", "gift_0001_20", "23444", "23574", "23702", "" })
    void bookkeepingCodesAreNotProducts(String code) {
        assertFalse(CleaningRules.isProductCode(code), code);
    }

    @ParameterizedTest
    @ValueSource(strings = { "71053", "85123A", "84406B", "15056BL", "22423" })
    void fiveDigitCodesAreProducts(String code) {
        assertTrue(CleaningRules.isProductCode(code), code);
    }

    @Test
    void csvQuotesHoldCommasAndDoubledQuotes() {
        assertEquals(
            List.of("536477", "22041", "RECORD FRAME 7\" SINGLE SIZE ", "48", "2010-12-01 12:27:00", "2.1", "16210", "United Kingdom"),
            CsvLine.split("536477,22041,\"RECORD FRAME 7\"\" SINGLE SIZE \",48,2010-12-01 12:27:00,2.1,16210,United Kingdom")
        );
        assertEquals("AIRLINE LOUNGE,METAL SIGN",
            CsvLine.split("536381,82567,\"AIRLINE LOUNGE,METAL SIGN\",2,2010-12-01 09:41:00,2.1,15311,United Kingdom").get(2));
    }

    @Test
    void anEmptyCustomerIdIsNoCustomer() throws IOException {
        List<RetailRow> rows = read(OnlineRetailCsv.HEADER + "\n536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom\n");
        assertEquals(1, rows.size());
        assertEquals(null, rows.get(0).customerId());
        assertEquals(Verdict.NO_CUSTOMER, CleaningRules.judge(rows.get(0)));
    }

    @Test
    void aBrokenFileSaysWhereItBroke() {
        IOException header = assertThrows(IOException.class, () -> read("InvoiceNo,StockCode\n1,2\n"));
        assertTrue(header.getMessage().contains("expected the header"), header.getMessage());
        IOException line = assertThrows(IOException.class,
            () -> read(OnlineRetailCsv.HEADER + "\n536365,71053,\"WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom\n"));
        assertTrue(line.getMessage().contains("test.csv:2") && line.getMessage().contains("unbalanced quote"), line.getMessage());
    }

    @Test
    void anItemIsTitledByItsMostFrequentDescriptionAndPricedByTheMedian() {
        CatalogBuilder builder = new CatalogBuilder();
        builder.add(new RetailRow("1", "85123A", "CREAM HANGING HEART T-LIGHT HOLDER", 1, "", 2.55, "c1", "UK"));
        builder.add(new RetailRow("2", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 1, "", 2.95, "c2", "UK"));
        builder.add(new RetailRow("3", "85123A", "WHITE  HANGING HEART T-LIGHT HOLDER ", 1, "", 3.25, "c2", "UK"));
        builder.add(new RetailRow("3", "71053", "WHITE METAL LANTERN", 1, "", 3.39, "c2", "UK"));
        builder.add(new RetailRow("C4", "71053", "WHITE METAL LANTERN", -1, "", 3.39, "c2", "UK"));
        Catalog catalog = builder.build();

        assertEquals(List.of("71053", "85123A"), catalog.products().stream().map(Product::id).toList());
        Product holder = catalog.products().get(1);
        assertEquals("WHITE HANGING HEART T-LIGHT HOLDER", holder.title());
        assertEquals("candle holder", holder.category());
        assertEquals(2.95f, holder.price());
        assertEquals(2, holder.popularity());
        assertEquals(3, catalog.invoices());
        assertEquals(2, catalog.customers());
        assertEquals(1L, catalog.dropped().get(Verdict.CANCELLED));
        // invoice 3 bought both items: one basket of two
        assertEquals(2, catalog.baskets().get(2).length);
    }

    @Test
    void tiesAndEvenCountsAreDeterministic() {
        assertEquals("A", CatalogBuilder.mostFrequent(java.util.Map.of("B", 2, "A", 2), "x"));
        assertEquals("x", CatalogBuilder.mostFrequent(java.util.Map.of(), "x"));
        assertEquals(2.5, CatalogBuilder.median(new double[] { 3, 1, 2, 4 }, 4));
        assertEquals(2.0, CatalogBuilder.median(new double[] { 3, 1, 2, 99 }, 3));
    }

    private static List<RetailRow> read(String csv) throws IOException {
        List<RetailRow> rows = new ArrayList<>();
        OnlineRetailCsv.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "test.csv", rows::add);
        return rows;
    }
}
