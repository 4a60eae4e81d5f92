package io.recsys.opensearch.common.retail;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which rows of the log the demo keeps: purchases of products by known customers. The first rule a row breaks is
 * its verdict, so every dropped row is counted once, under one reason.
 */
public final class CleaningRules {

    /** Why a row is kept or dropped, in the order the rules are checked. */
    public enum Verdict {
        KEPT,
        /** no CustomerID: nothing to personalise (about a quarter of the log) */
        NO_CUSTOMER,
        /** the invoice number starts with C: a cancellation, not a purchase */
        CANCELLED,
        /** Quantity 0 or less: returns and stock corrections */
        NON_POSITIVE_QUANTITY,
        /** UnitPrice 0 or less: free samples and bad-debt adjustments */
        NON_POSITIVE_PRICE,
        /** the stock code is not a product: postage, fees, manual entries, gift vouchers, samples */
        NOT_A_PRODUCT
    }

    /**
     * Product stock codes are five digits, sometimes followed by letters for a variant (85123A). Everything else is
     * bookkeeping: POST, DOT (postage), C2 (carriage), M/m (manual), D (discount), S (samples), B, BANK CHARGES,
     * AMAZONFEE, CRUK (charity), PADS, DCGS… and gift_0001_… (vouchers);
     * plus the {@link #SERVICE_CODES}.
     */
    private static final Pattern PRODUCT_CODE = Pattern.compile("\\d{5}[A-Za-z]*");

    /**
     * Three codes have product-like numbers but are services: 23444 "Next Day Carriage", 23574 "PACKING CHARGE",
     * 23702 "High Resolution Image".
     */
    private static final Set<String> SERVICE_CODES = Set.of("23444", "23574", "23702");

    private CleaningRules() {}

    public static Verdict judge(RetailRow row) {
        if (row.customerId() == null) {
            return Verdict.NO_CUSTOMER;
        }
        if (row.invoiceNo().startsWith("C")) {
            return Verdict.CANCELLED;
        }
        if (row.quantity() <= 0) {
            return Verdict.NON_POSITIVE_QUANTITY;
        }
        if (row.unitPrice() <= 0) {
            return Verdict.NON_POSITIVE_PRICE;
        }
        if (isProductCode(row.stockCode()) == false) {
            return Verdict.NOT_A_PRODUCT;
        }
        return Verdict.KEPT;
    }

    public static boolean isProductCode(String stockCode) {
        return PRODUCT_CODE.matcher(stockCode).matches() && SERVICE_CODES.contains(stockCode) == false;
    }
}
