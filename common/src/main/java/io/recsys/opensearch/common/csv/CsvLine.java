package io.recsys.opensearch.common.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into fields, RFC 4180 quoting: a field holding a comma or a quote is quoted, a quote inside is
 * doubled. The Online Retail file and the tools' generic format never have a field spanning lines (documented), so
 * both are read line by line and split here.
 */
public final class CsvLine {

    private CsvLine() {}

    /** The fields of one line; an unbalanced quote is an {@link IllegalArgumentException}. */
    public static List<String> split(String line) {
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
