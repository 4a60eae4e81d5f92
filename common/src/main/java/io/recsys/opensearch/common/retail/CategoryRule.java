package io.recsys.opensearch.common.retail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives a readable category ("bag", "candle holder", "mug", …) from an Online Retail description, which is all the
 * data set has: there is no category column.
 *
 * <p>The rule (also in demo/README.md), deterministic and free of any model:
 * <ol>
 *   <li>lower-case the description and cut it at the first {@code with}, {@code w} or {@code in}: what follows
 *       describes a part or a theme ("RECIPE BOX WITH METAL HEART", "TRAY, BREAKFAST IN BED");</li>
 *   <li>split into words of letters (digits and sizes such as "20CM" drop out) and make each word singular;</li>
 *   <li>the category is that of the <em>rightmost</em> word found in the lexicon of product nouns below, a phrase of
 *       up to three words beating a single word that ends at the same place ("t-light holder" over "holder").
 *       Colours, patterns, sizes and themes ("RED RETROSPOT", "LARGE", "DOLLY GIRL") are simply not in the lexicon,
 *       so "LUNCH BAG RED RETROSPOT" is a bag;</li>
 *   <li>if no product noun occurs, the rightmost motif noun (heart, star, bird, …) makes it a decoration;</li>
 *   <li>a decoration whose description mentions Christmas is a "christmas decoration";</li>
 *   <li>anything else is "other".</li>
 * </ol>
 */
public final class CategoryRule {

    /** Category of descriptions that name no known product noun. */
    public static final String OTHER = "other";

    static final String DECORATION = "decoration";
    static final String CHRISTMAS_DECORATION = "christmas decoration";

    /**
     * Product nouns, singular, by category; phrases are written with spaces. Built by reading the heads of the
     * 3,659 product descriptions of the data set: it covers all but a few hundred of them.
     */
    private static final String[][] PRODUCT_NOUNS = {
        { "bag", "bag", "handbag", "shopper", "tote", "backpack", "rucksack", "washbag", "jumbo bag", "lunch bag",
            "gift bag", "party bag", "sack" },
        { "lunch box", "lunch box", "lunchbox" },
        { "box", "box", "money box", "trinket box", "bank", "piggy bank", "money bank" },
        { "storage", "tin", "jar", "basket", "bucket", "container", "crate", "caddy", "tidy", "organiser", "canister",
            "cannister", "hamper", "bin", "rack", "stand", "trinket pot", "storage tin", "jewellery stand", "cube", "storage cube", "dispenser" },
        { "candle holder", "candleholder", "candlestick", "lantern", "holder", "t-light holder", "tlight holder",
            "tea light holder", "candle holder", "candle pot", "candlepot", "candlestand", "oil burner" },
        { "candle", "candle", "t-light", "tealight", "tea light", "incense", "fragrance oil" },
        { "mug", "mug" },
        { "cup and saucer", "cup", "saucer", "teacup", "tea cup", "beaker", "egg cup" },
        { "card", "card", "postcard", "greeting card", "birthday card", "invite", "invitation" },
        { "sign", "sign", "plaque", "tile", "number tile", "doorsign" },
        { "jewellery", "necklace", "necklac", "bracelet", "braclet", "earring", "ring", "charm", "bangle", "bead",
            "brooch", "pendant", "lariat", "hairclip", "hair clip", "hair grip", "hair slide", "hair band", "hairband",
            "bobble", "hairslide", "hair comb" },
        { "key ring", "keyring", "key ring", "key fob", "key-chain" },
        { "bowl", "bowl", "fruitbowl" },
        { "plate", "plate", "platter", "dish" },
        { "clock", "clock" },
        { "frame", "frame", "photoframe", "photo frame", "photo cube" },
        { "hot water bottle", "hottie", "hot water bottle" },
        { "bottle", "bottle", "flask" },
        { "baking", "cakestand", "cutter", "mould", "cake case", "baking case", "petit four case", "cake stand",
            "cookie cutter", "baking set", "icing set", "cake tin", "rolling pin", "cake frill", "cake slice" },
        { "mirror", "mirror" },
        { "craft kit", "kit", "stencil", "stamp set", "paper craft" },
        { "tray", "tray" },
        { "hook", "hook", "hanger", "peg", "coat rack", "key rack" },
        { "stationery", "notebook", "sketchbook", "journal", "pen", "pencil", "eraser", "rubber", "ruler", "sticker",
            "tape", "clip", "calendar", "diary", "album", "scissor", "notepad", "calculator", "envelope", "note book",
            "pocket book", "memo pad", "pencil case", "photo album", "address book", "bookmark", "scrap book",
            "drawing pin", "stationery set", "crayon", "chalk stick", "writing set", "exercise book", "hole punch", "shopping list" },
        { "gift wrap", "wrap", "ribbon", "tag", "gift tag", "wrapping paper", "tissue paper" },
        { "tissues", "tissue" },
        { "magnet", "magnet" },
        { "purse", "purse", "wallet", "passport cover" },
        { "party", "napkin", "doily", "straw", "balloon", "bunting", "confetti", "party cone", "paper chain",
            "cocktail sword", "placesetting", "place setting", "flag", "pennant", "windsock", "christmas cracker" },
        { "toy", "toy", "doll", "teddy", "game", "ball", "marble", "puzzle", "jigsaw", "helicopter", "windmill",
            "skittle", "domino", "soldier", "playhouse", "puppet", "disc", "spinning top", "skipping rope",
            "naught", "wheelbarrow", "inflatable", "knitting nancy", "tattoo", "ludo", "bingo set", "harmonica", "modelling clay", "bubble" },
        { "lighting", "lamp", "lampshade", "light", "nightlight", "torch", "lightbulb", "night light", "fairy light",
            "string light", "light garland", "chandelier" },
        { "cushion", "cushion", "cushion cover", "c cover", "filler pad" },
        { "kitchen textile", "apron", "towel", "cosy", "oven glove", "oven mitt", "tea towel", "tea cosy" },
        { "placemat and coaster", "placemat", "coaster", "table mat" },
        { "umbrella", "umbrella", "parasol" },
        { "doorstop", "doorstop", "door stop" },
        { "hand warmer", "warmer" },
        { "cutlery", "cutlery", "spoon", "fork", "knife", "chopstick" },
        { "drinkware", "jug", "glass", "tumbler", "chalice", "goblet", "teapot", "pitcher", "milk jug", "shot glass" },
        { "wall art", "picture", "print", "poster", "canvas", "wall art" },
        { "bathroom", "soap", "sponge", "flannel", "toothbrush", "plaster", "basin", "shower cap", "lip gloss",
            "toilet roll holder", "bathroom set", "soap dish" },
        { "furniture", "cabinet", "drawer", "chest", "chair", "stool", "table", "shelf", "chest of drawer", "pouffe" },
        { "garden", "planter", "gnome", "trowel", "rake", "spade", "thermometer", "birdhouse", "herb marker",
            "plant pot", "flower pot", "watering can", "bird feeder", "bird house", "garden set", "garden tool",
            "kneeling pad", "hammock", "secateur", "twine", "fly swat" },
        { "accessory", "scarf", "tie", "hat", "glove", "poncho", "cap", "sunglass", "sock", "slipper", "mac",
            "headphone", "ear muff", "patch", "badge", "bib" },
        { DECORATION, "decoration", "dec", "ornament", "garland", "bell", "mobile", "wreath", "bauble", "chain",
            "paperweight", "letter", "stocking", "card holder", "cardholder", "windchime", "chime", "tinsel" },
        { CHRISTMAS_DECORATION, "christmas tree", "advent calendar" },
        { "artificial flower", "artificial flower", "art flower", "flower garland" },
        { "kitchen", "opener", "grater", "squeezer", "strainer", "timer", "scale", "colander", "pan", "tong",
            "brush", "toastrack", "measuring jug", "chopping board", "tea strainer", "egg timer", "recipe box",
            "bread bin", "lolly maker", "frying pan", "milk pan", "food cover", "corer", "cooking set", "jam making set" },
        { "sewing", "sewing kit", "pin cushion", "tape measure", "measuring tape", "sewing box", "needle set" },
        { "fan", "fan" },
        { "home textile", "doormat", "mat", "curtain", "blanket", "throw", "door mat", "tablecloth", "quilt", "ironing board cover" },
        { "chalkboard", "chalkboard", "blackboard", "slate", "memo board", "memoboard" },
        { "tea set", "tea set", "coffee set", "breakfast set", "tea for one" },
        { "vase", "vase" },
        { "matches", "match" },
    };

    /** Motifs that are products in their own right when nothing else is named ("VINTAGE EMBOSSED HEART"). */
    private static final String[] MOTIF_NOUNS = {
        "heart", "star", "flower", "bird", "butterfly", "tree", "egg", "chick", "rabbit", "bunny", "hen", "owl",
        "duck", "cat", "dog", "toadstool", "mushroom", "snowflake", "reindeer", "angel", "fairy", "droplet", "horse",
    };

    /** Words after which the description no longer names the product itself. */
    private static final Set<String> CUT_WORDS = Set.of("with", "w", "in");

    private static final Set<String> CHRISTMAS_WORDS = Set.of("christmas", "xmas", "santa", "reindeer", "snowflake");

    /** Words the singular rule must not touch (a trailing "s" that is not a plural). */
    private static final Set<String> SINGULAR_AS_IS = Set.of("canvas", "glass", "dress", "christmas", "xmas", "bus",
        "lotus", "cactus");

    private static final Pattern WORD = Pattern.compile("[a-z][a-z'\\-]*");

    /** Longest lexicon phrase, in words. */
    private static final int MAX_PHRASE = 3;

    private static final Map<String, String> PRODUCTS = lexicon(PRODUCT_NOUNS);
    private static final Map<String, String> MOTIFS = motifs();

    private CategoryRule() {}

    /** The category of one description; never null, {@link #OTHER} when the rule finds nothing. */
    public static String categoryOf(String description) {
        List<String> words = words(description);
        String category = rightmost(words, PRODUCTS);
        if (category == null) {
            category = rightmost(words, MOTIFS);
        }
        if (category == null) {
            return OTHER;
        }
        if (category.equals(DECORATION) && words.stream().anyMatch(CHRISTMAS_WORDS::contains)) {
            return CHRISTMAS_DECORATION;
        }
        return category;
    }

    /** Lower-cased, singular words of the description up to the first cut word. */
    static List<String> words(String description) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(description.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            String word = matcher.group();
            if (CUT_WORDS.contains(word) && words.isEmpty() == false) {
                break;
            }
            words.add(singular(word));
        }
        return words;
    }

    /** English plural to singular, good enough for product nouns ("boxes", "doilies", "t-lights", "cases"). */
    static String singular(String word) {
        if (SINGULAR_AS_IS.contains(word) || word.length() <= 3) {
            return word;
        }
        if (word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.endsWith("xes") || word.endsWith("ches") || word.endsWith("shes") || word.endsWith("sses")) {
            return word.substring(0, word.length() - 2);
        }
        if (word.endsWith("s") && word.endsWith("ss") == false && word.endsWith("us") == false) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    /** Category of the rightmost lexicon entry; at one end position the longest phrase wins. */
    private static String rightmost(List<String> words, Map<String, String> lexicon) {
        for (int end = words.size(); end > 0; end--) {
            for (int length = Math.min(MAX_PHRASE, end); length >= 1; length--) {
                String category = lexicon.get(String.join(" ", words.subList(end - length, end)));
                if (category != null) {
                    return category;
                }
            }
        }
        return null;
    }

    private static Map<String, String> lexicon(String[][] table) {
        Map<String, String> map = new HashMap<>();
        for (String[] row : table) {
            for (int i = 1; i < row.length; i++) {
                String previous = map.put(row[i], row[0]);
                if (previous != null) {
                    throw new IllegalStateException("[" + row[i] + "] is listed under [" + previous + "] and [" + row[0] + "]");
                }
            }
        }
        return Map.copyOf(map);
    }

    private static Map<String, String> motifs() {
        Map<String, String> map = new HashMap<>();
        for (String motif : MOTIF_NOUNS) {
            map.put(motif, DECORATION);
        }
        return Map.copyOf(map);
    }
}
