package io.recsys.opensearch.common.retail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the demo derives from one reading of the log: the catalog (products, baskets, counts) and the purchases
 * the event replay sends. The file is read once, while the node starts.
 *
 * @param catalog   what {@link CatalogBuilder} derived
 * @param purchases the kept rows, in file order
 */
public record RetailData(Catalog catalog, List<Purchase> purchases) {

    public static RetailData read(Path csvGz) throws IOException {
        CatalogBuilder catalog = new CatalogBuilder();
        PurchaseLog purchases = new PurchaseLog();
        OnlineRetailCsv.read(csvGz, row -> {
            catalog.add(row);
            purchases.add(row);
        });
        return new RetailData(catalog.build(), purchases.purchases());
    }
}
