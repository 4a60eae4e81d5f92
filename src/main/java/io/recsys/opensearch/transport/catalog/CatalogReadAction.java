package io.recsys.opensearch.transport.catalog;

import org.opensearch.action.ActionType;

/** Reads catalog items on the catalog's shards for the recommend query (a read of the catalog, like a search). */
public final class CatalogReadAction extends ActionType<CatalogReadResponse> {

    public static final String NAME = "indices:data/read/recsys/catalog";
    public static final CatalogReadAction INSTANCE = new CatalogReadAction();

    private CatalogReadAction() {
        super(NAME, CatalogReadResponse::new);
    }
}
