package io.recsys.opensearch.demo;

import java.util.ArrayList;
import java.util.List;

/** A small text table: a rank column and lists side by side, each cell cut to its column's width with "…". */
final class SideBySide {

    /** Space between columns. */
    private static final String GAP = "  ";

    private SideBySide() {}

    /**
     * @param headers one per column
     * @param columns the cells of each column, top first; shorter columns leave blanks
     * @param width   characters per column, headers and cells alike
     */
    static List<String> table(List<String> headers, List<List<String>> columns, int width) {
        int rows = columns.stream().mapToInt(List::size).max().orElse(0);
        List<String> lines = new ArrayList<>();
        lines.add(line("  #", headers, width));
        for (int row = 0; row < rows; row++) {
            List<String> cells = new ArrayList<>();
            for (List<String> column : columns) {
                cells.add(row < column.size() ? column.get(row) : "");
            }
            lines.add(line(String.format("%3d", row + 1), cells, width));
        }
        return lines;
    }

    private static String line(String rank, List<String> cells, int width) {
        StringBuilder line = new StringBuilder(rank);
        for (String cell : cells) {
            line.append(GAP).append(pad(cut(cell, width), width));
        }
        return line.toString().stripTrailing();
    }

    /** "TITLE (category)" in {@code width} characters: the title is cut, never the category. */
    static String labelled(String title, String category, int width) {
        String suffix = " (" + category + ")";
        return suffix.length() >= width ? cut(title, width) : cut(title, width - suffix.length()) + suffix;
    }

    static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
