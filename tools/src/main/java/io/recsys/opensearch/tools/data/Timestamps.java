package io.recsys.opensearch.tools.data;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The time formats the generic input accepts: epoch milliseconds (digits), ISO-8601 with an offset
 * ({@code 2011-11-09T10:00:00Z}, {@code …+01:00}), or without one ({@code 2011-11-09T10:00:00},
 * {@code 2011-11-09 10:00:00}, {@code 2011-11-09}), read as UTC.
 */
public final class Timestamps {

    private Timestamps() {}

    public static long parse(String text) {
        String value = text.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty timestamp");
        }
        if (value.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(value);
        }
        String iso = value.length() > 10 && value.charAt(10) == ' ' ? value.substring(0, 10) + 'T' + value.substring(11) : value;
        try {
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(iso).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("cannot read [" + text + "] as a time: use epoch millis or ISO-8601 "
                        + "(2011-11-09T10:00:00Z, 2011-11-09 10:00:00, 2011-11-09)");
                }
            }
        }
    }

    public static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
