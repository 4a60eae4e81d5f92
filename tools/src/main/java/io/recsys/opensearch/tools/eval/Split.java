package io.recsys.opensearch.tools.eval;

import io.recsys.opensearch.tools.data.Interaction;

import java.util.List;

/**
 * A protocol applied to a log: what the cluster learns from, and the queries that test it.
 *
 * @param protocol    the protocol's name and parameters, as the report prints them
 * @param description the exact rule, in a sentence or two, for the report
 * @param train       the events loaded into the cluster (and the embeddings' training data)
 * @param cases       the test queries
 * @param notes       counts worth reporting (users left out and why)
 * @param coldCases   test queries of users without a training event (the plugin answers them with its fallback),
 *                    measured apart from {@code cases}
 */
public record Split(String protocol, String description, List<Interaction> train, List<TestCase> cases, List<String> notes, List<TestCase> coldCases) {

    public Split(String protocol, String description, List<Interaction> train, List<TestCase> cases, List<String> notes) {
        this(protocol, description, train, cases, notes, List.of());
    }
}
