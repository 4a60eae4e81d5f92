package io.recsys.opensearch.tools.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into fields, RFC 4180 quoting: a field holding a comma or a quote is quoted, a quote inside is
 * doubled. Fields never span lines in the generic format (documented), so the input is read line by line.
 */
final class CsvLine {

    private CsvLine() {}

    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unbalanced quote");
        }
        fields.add(field.toString());
        return fields;
    }
}
