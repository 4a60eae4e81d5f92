package io.recsys.opensearch.tools.cli;

import io.recsys.opensearch.tools.embed.ItemEmbedder;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `--item-vectors` as `embed` reads it: the default, the other value, and a typo refused before any work starts. */
class EmbeddingOptionsTest {

    private static EmbeddingOptions parse(String... args) {
        EmbedCommand command = new EmbedCommand();
        new CommandLine(command).parseArgs(args);
        return command.embedding;
    }

    @Test
    void foldInIsTheDefaultAndAlsKeepsTheRawFactors() {
        String[] required = { "--data", "x.csv", "--recommender", "shop" };
        assertEquals(ItemEmbedder.Space.FOLD_IN, parse(required).settings(7).space());
        String[] als = { "--data", "x.csv", "--recommender", "shop", "--item-vectors", "als" };
        assertEquals(ItemEmbedder.Space.ALS, parse(als).settings(7).space());
        String[] dot = { "--data", "x.csv", "--recommender", "shop", "--item-vectors", "fold-in-dot" };
        assertEquals(ItemEmbedder.Space.FOLD_IN_DOT, parse(dot).settings(7).space());
        assertEquals("innerproduct", parse(dot).settings(7).space().spaceType);
    }

    @Test
    void anUnknownValueIsRefusedWithTheValuesThatExist() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
            () -> parse("--data", "x.csv", "--recommender", "shop", "--item-vectors", "foldin"));
        assertTrue(e.getMessage().contains("unknown item vectors [foldin]: als, fold-in or fold-in-dot"), e.getMessage());
    }
}
