package io.recsys.opensearch.integ;

import com.carrotsearch.randomizedtesting.annotations.Name;
import com.carrotsearch.randomizedtesting.annotations.ParametersFactory;

import org.opensearch.test.rest.yaml.ClientYamlTestCandidate;
import org.opensearch.test.rest.yaml.OpenSearchClientYamlSuiteTestCase;

/**
 * Runs every YAML test under the top-level {@code rest-api-spec/test/} against the running cluster
 * ({@code tests.rest.cluster}). The API specs come from {@code rest-api-spec/api/} (ours) and
 * {@code integ-test/src/test/resources/rest-api-spec/api/} (the core APIs the tests call), merged on the classpath.
 */
public class RecsysClientYamlTestSuiteIT extends OpenSearchClientYamlSuiteTestCase {

    public RecsysClientYamlTestSuiteIT(@Name("yaml") ClientYamlTestCandidate testCandidate) {
        super(testCandidate);
    }

    @ParametersFactory
    public static Iterable<Object[]> parameters() throws Exception {
        return OpenSearchClientYamlSuiteTestCase.createParameters();
    }
}
