package io.recsys.opensearch.model;

import io.recsys.opensearch.candidate.Feature;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation of model ids, alias names and a model's feature list, with messages that name the field. */
public final class ModelNames {

    /** Lowercase letters, digits, '-', '_', '.', not starting with '_' or '.' (those are API paths such as _aliases). */
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
    public static final int MAX_LENGTH = 100;
    /** A model's description is kept in the cluster state, which every node holds and every change sends: a few lines. */
    public static final int MAX_DESCRIPTION_LENGTH = 1_000;

    private ModelNames() {}

    public static String validate(String name, String field) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("[" + field + "] is required");
        }
        if (name.length() > MAX_LENGTH || VALID.matcher(name).matches() == false) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                "[%s] invalid name [%s]: use lowercase letters, digits, '-', '_' and '.', starting with a letter or digit, at most %d characters",
                field, name, MAX_LENGTH));
        }
        return name;
    }

    /** The free-text description, null allowed, at most {@value #MAX_DESCRIPTION_LENGTH} characters. */
    public static String description(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "[description] is at most %d characters, got [%d]",
                MAX_DESCRIPTION_LENGTH, description.length()));
        }
        return description;
    }

    /**
     * The feature names a registration declares: as given; the features of a contract version when it gives one
     * ({@code "features": "v2"}); those of contract v1 when it gives none, which is what every model registered before
     * v2 reads.
     */
    public static List<String> declared(List<String> given) {
        if (given == null) {
            return Feature.contractNames("v1");
        }
        if (given.size() == 1 && Feature.contract(given.get(0)).isPresent()) {
            return Feature.contractNames(given.get(0));
        }
        return given;
    }

    /** The model's input columns as contract features: every name known, none twice, at least one. */
    public static List<Feature> features(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("[features] must not be empty: give the names of the model's input columns, in order, from " + Feature.allNames()
                + ", or a contract version " + Feature.contractVersions());
        }
        List<Feature> features = new ArrayList<>(names.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Feature feature = Feature.fromJsonName(name).orElseThrow(() -> new IllegalArgumentException(
                "[features." + features.size() + "] unknown feature [" + name + "]; the features of contract " + Feature.CONTRACT_VERSION + " are " + Feature.allNames()
                    + " (or give a contract version " + Feature.contractVersions() + " alone)"));
            if (seen.add(name) == false) {
                throw new IllegalArgumentException("[features." + i + "] feature [" + name + "] is listed twice");
            }
            features.add(feature);
        }
        return features;
    }
}
