package io.recsys.opensearch.model;

import java.util.regex.Pattern;

/**
 * ONNX Runtime's error messages as clients may see them: without the native source locations it appends
 * ({@code /onnxruntime_src/onnxruntime/core/graph/model.cc:180 onnxruntime::Model::Model(...)}), which tell nothing
 * about the model and something about the server's build.
 */
public final class OnnxMessages {

    /** An absolute source path with its line number, and the C++ function named right after it. */
    private static final Pattern SOURCE_LOCATION = Pattern.compile("/?(?:[\\w.+-]+/)+[\\w.+-]+\\.(?:cc|cpp|c|h|hpp|cu):\\d+(?:\\s+(?:[\\w:<>,*&~ ]*?\\b\\w+::[\\w:~<>]+\\(.*?\\)(?:\\s*const)?))?");
    /** Any other absolute path of two or more levels (a file name in a "Load model from ..." message, say). */
    private static final Pattern PATH = Pattern.compile("(?<![\\w\\]])/(?:[\\w.+-]+/)+[\\w.+-]*");

    private OnnxMessages() {}

    public static String clean(String message) {
        if (message == null) {
            return null;
        }
        String cleaned = SOURCE_LOCATION.matcher(message).replaceAll("");
        cleaned = PATH.matcher(cleaned).replaceAll("[path]");
        return cleaned.replaceAll("[ \\t]{2,}", " ").trim();
    }
}
