package io.recsys.opensearch.common.retail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CategoryRuleTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        LUNCH BAG RED RETROSPOT                 | bag
        JUMBO BAG RED RETROSPOT                 | bag
        WHITE HANGING HEART T-LIGHT HOLDER      | candle holder
        CANDLEHOLDER PINK HANGING HEART         | candle holder
        GLAMOROUS MUG                           | mug
        ROSES REGENCY TEACUP AND SAUCER         | cup and saucer
        REGENCY CAKESTAND 3 TIER                | baking
        PACK OF 72 RETROSPOT CAKE CASES         | baking
        SET OF 3 CAKE TINS PANTRY DESIGN        | baking
        SET OF 4 KNICK KNACK TINS LONDON        | storage
        KNITTED UNION FLAG HOT WATER BOTTLE     | hot water bottle
        RED WOOLLY HOTTIE WHITE HEART.          | hot water bottle
        FANCY FONT BIRTHDAY CARD,               | card
        PAPER CHAIN KIT 50'S CHRISTMAS          | craft kit
        CHEST OF DRAWERS GINGHAM HEART          | furniture
        VINTAGE EMBOSSED HEART                  | decoration
        WOODEN HEART CHRISTMAS SCANDINAVIAN     | christmas decoration
        SET 7 BABUSHKA NESTING BOXES            | box
        60 TEATIME FAIRY CAKE CASES             | baking
        36 DOILIES DOLLY GIRL                   | party
        PARTY BUNTING                           | party
        ASSORTED COLOUR BIRD ORNAMENT           | decoration
        HAND WARMER RED RETROSPOT               | hand warmer
        SPACEBOY BABY GIFT SET                  | other
        """)
    void namesTheProductNotItsColourOrTheme(String description, String category) {
        assertEquals(category, CategoryRule.categoryOf(description));
    }

    @Test
    void whatFollowsWithOrInDescribesAPartNotTheProduct() {
        assertEquals("kitchen", CategoryRule.categoryOf("RECIPE BOX WITH METAL HEART"));
        assertEquals("tray", CategoryRule.categoryOf("TRAY, BREAKFAST IN BED"));
        assertEquals("decoration", CategoryRule.categoryOf("PINK FELT HANGING HEART W FLOWER"));
    }

    @Test
    void sizesAndNumbersAreIgnored() {
        assertEquals(CategoryRule.categoryOf("GREEN GOOSE FEATHER TREE"), CategoryRule.categoryOf("GREEN GOOSE FEATHER TREE 60CM"));
        assertEquals("jewellery", CategoryRule.categoryOf("PURPLE GEMSTONE NECKLACE 45CM"));
    }

    @Test
    void noKnownNounIsOther() {
        assertEquals(CategoryRule.OTHER, CategoryRule.categoryOf(""));
        assertEquals(CategoryRule.OTHER, CategoryRule.categoryOf("SPACE CADET WHITE"));
    }

    @Test
    void caseDoesNotMatter() {
        assertEquals(CategoryRule.categoryOf("LUNCH BAG RED RETROSPOT"), CategoryRule.categoryOf("Lunch Bag red retrospot"));
    }

    @Test
    void pluralsAreMadeSingular() {
        assertEquals("box", CategoryRule.singular("boxes"));
        assertEquals("doily", CategoryRule.singular("doilies"));
        assertEquals("t-light", CategoryRule.singular("t-lights"));
        assertEquals("case", CategoryRule.singular("cases"));
        assertEquals("match", CategoryRule.singular("matches"));
        assertEquals("glass", CategoryRule.singular("glass"));
        assertEquals("canvas", CategoryRule.singular("canvas"));
        assertEquals("bus", CategoryRule.singular("bus"));
    }

    @Test
    void wordsStopAtTheFirstCutWord() {
        assertEquals(List.of("recipe", "box"), CategoryRule.words("RECIPE BOX WITH METAL HEART"));
        // a description starting with one of them keeps it
        assertEquals(List.of("in", "bed", "tray"), CategoryRule.words("IN BED TRAY"));
    }
}
