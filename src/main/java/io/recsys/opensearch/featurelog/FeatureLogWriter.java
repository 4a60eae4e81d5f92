package io.recsys.opensearch.featurelog;

import io.recsys.opensearch.access.SystemContext;
import io.recsys.opensearch.candidate.Candidate;
import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.candidate.ShopperRegime;
import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.query.CandidatesQueryBuilder;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.stats.Counter;
import io.recsys.opensearch.stats.RecsysStats;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.admin.indices.mapping.put.PutMappingRequest;
import org.opensearch.action.bulk.BulkItemResponse;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.bulk.BulkResponse;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;
import org.opensearch.common.hash.MessageDigests;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.mapper.IdFieldMapper;
import org.opensearch.index.mapper.StrictDynamicMappingException;
import org.opensearch.search.SearchHit;
import org.opensearch.transport.client.Client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes one feature-log document per returned hit, from the candidates the rewrite computed (nothing is recomputed):
 * request id, user, item, position, final/fused/model scores, model id and version, sources and the feature vector.
 * The document id is {@code {request_id}:{item}}, so a retried log write replaces rather than duplicates. The search
 * answers once the bulk write returns; a failed write is counted in {@code _stats} and logged, never an error.
 */
public final class FeatureLogWriter {

    private static final Logger logger = LogManager.getLogger(FeatureLogWriter.class);

    /** Writes the documents. */
    private final Client client;
    /** Counts written and failed documents. */
    private final RecsysStats stats;

    public FeatureLogWriter(Client client, RecsysStats stats) {
        this.client = client;
        this.stats = stats;
    }

    /** A returned hit matched to the candidate that produced it. */
    private record Logged(CandidatesQueryBuilder query, Candidate candidate) {}

    /** The documents for a response; exposed for tests of the mapping from hits to log entries. */
    static List<IndexRequest> documents(String requestId, int from, SearchResponse response, List<CandidatesQueryBuilder> queries) {
        Map<String, Logged> byId = new HashMap<>();
        for (CandidatesQueryBuilder query : queries) {
            for (Candidate candidate : query.candidates()) {
                byId.putIfAbsent(query.idField() + "\u0000" + candidate.id(), new Logged(query, candidate));
            }
        }
        String now = Instant.now().toString();
        List<IndexRequest> documents = new ArrayList<>();
        SearchHit[] hits = response.getHits().getHits();
        for (int i = 0; i < hits.length; i++) {
            Logged logged = null;
            for (CandidatesQueryBuilder query : queries) {
                String item = itemId(hits[i], query.idField());
                logged = item == null ? null : byId.get(query.idField() + "\u0000" + item);
                if (logged != null) {
                    break;
                }
            }
            if (logged == null) {
                continue; // a hit from another clause of the query, not recommended
            }
            documents.add(new IndexRequest(RecommenderIndices.of(logged.query().recommender()).featureLog())
                .id(documentId(logged.query().user(), requestId, logged.candidate().id()))
                .source(document(requestId, from + i, now, logged)));
        }
        return documents;
    }

    /**
     * The log document's id: scoped to the user, so two users who send the same {@code request_id} never overwrite each
     * other's rows; hashed, so long ids stay within the 512-byte limit of a document id. The same user, request and item
     * give the same id (a repeated search replaces its rows rather than adding to them).
     */
    static String documentId(String user, String requestId, String item) {
        MessageDigest sha256 = MessageDigests.sha256();
        for (String part : new String[] { user, requestId, item }) {
            sha256.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
    }

    private static String itemId(SearchHit hit, String idField) {
        if (IdFieldMapper.NAME.equals(idField)) {
            return hit.getId();
        }
        if (hit.getFields().containsKey(idField)) {
            return String.valueOf(hit.getFields().get(idField).getValue());
        }
        Map<String, Object> source = hit.hasSource() ? hit.getSourceAsMap() : Map.of();
        Object value = source.get(idField);
        return value == null ? null : value.toString();
    }

    private static Map<String, Object> document(String requestId, int position, String now, Logged logged) {
        Candidate candidate = logged.candidate();
        CandidatesQueryBuilder query = logged.query();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("request_id", requestId);
        doc.put("user_id", query.user());
        doc.put("item", candidate.id());
        doc.put("position", position);
        doc.put("score", candidate.score());
        doc.put("fused_score", candidate.fused());
        if (Float.isNaN(candidate.modelScore()) == false) {
            doc.put("model_score", candidate.modelScore());
            doc.put("model", query.model());
            doc.put("model_version", query.modelVersion());
        }
        List<String> sources = new ArrayList<>();
        for (Source source : Source.values()) {
            if (candidate.from(source)) {
                sources.add(source.jsonName());
            }
        }
        doc.put("sources", sources);
        doc.put("regime", ShopperRegime.of(query.fusionMethod()).jsonName());
        Map<String, Object> features = new LinkedHashMap<>();
        for (Feature feature : Feature.values()) {
            features.put(feature.jsonName(), candidate.feature(feature));
        }
        doc.put("features", features);
        doc.put("ts", now);
        return doc;
    }

    /** Writes the documents, then runs {@code done} (whether the write succeeded or not). */
    void write(String requestId, int from, SearchResponse response, List<CandidatesQueryBuilder> queries, Runnable done) {
        List<IndexRequest> documents;
        try {
            documents = documents(requestId, from, response, queries);
        } catch (RuntimeException e) {
            logger.warn("feature log of request [" + requestId + "] could not be built", e);
            stats.increment(Counter.FEATURE_LOG_FAILURES);
            done.run();
            return;
        }
        if (documents.isEmpty()) {
            done.run();
            return;
        }
        bulk(requestId, documents, true, done);
    }

    /**
     * One bulk write of {@code documents}, counted. A feature log created by an earlier version has a strict mapping
     * without the fields added since ({@code regime}): its documents fail with a strict mapping error. Then, once per
     * request, the index gains the current mapping (additive) and those documents are written again, so an upgrade
     * loses no rows.
     */
    private void bulk(String requestId, List<IndexRequest> documents, boolean mayUpdateMapping, Runnable done) {
        BulkRequest bulk = new BulkRequest();
        documents.forEach(bulk::add);
        SystemContext.run(client.threadPool().getThreadContext(), ActionListener.<BulkResponse>wrap(result -> {
            List<IndexRequest> outdated = new ArrayList<>();
            Set<String> outdatedIndices = new TreeSet<>();
            int failed = 0;
            for (BulkItemResponse item : result.getItems()) {
                if (item.isFailed() && mayUpdateMapping
                    && ExceptionsHelper.unwrapCause(item.getFailure().getCause()) instanceof StrictDynamicMappingException) {
                    outdated.add(documents.get(item.getItemId()));
                    outdatedIndices.add(item.getIndex());
                } else if (item.isFailed()) {
                    failed++;
                }
            }
            stats.add(Counter.FEATURE_LOG_WRITTEN, documents.size() - outdated.size() - failed);
            stats.add(Counter.FEATURE_LOG_FAILURES, failed);
            if (failed > 0) {
                logger.warn("feature log of request [{}]: {}", requestId, result.buildFailureMessage());
            }
            if (outdated.isEmpty()) {
                done.run();
                return;
            }
            PutMappingRequest current = new PutMappingRequest(outdatedIndices.toArray(String[]::new))
                .source(RecommenderIndices.featureLogMapping(), XContentType.JSON);
            SystemContext.run(client.threadPool().getThreadContext(), ActionListener.<AcknowledgedResponse>wrap(
                updated -> bulk(requestId, outdated, false, done),
                e -> {
                    stats.add(Counter.FEATURE_LOG_FAILURES, outdated.size());
                    logger.warn("feature log of request [" + requestId + "]: the mapping of " + outdatedIndices + " could not be updated", e);
                    done.run();
                }), l -> client.admin().indices().putMapping(current, l));
        }, e -> {
            stats.add(Counter.FEATURE_LOG_FAILURES, documents.size());
            logger.warn("feature log of request [" + requestId + "] failed", e);
            done.run();
        }), l -> client.bulk(bulk, l));
    }
}
