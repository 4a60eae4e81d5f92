package io.recsys.opensearch.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The storefront page in a real browser: headless Chromium (Debian's packages, installed by
 * demo/scripts/install-browser.sh when missing) on the page the demo serves, with a real node, the real plugin and a
 * slice of the Online Retail data behind it. Each test does what a shopper does and checks what they would see;
 * screenshots land in target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorefrontPageBrowserTest {

    /**
     * One customer in 12: ~380 customers, ~28,000 purchases, loaded in well under a minute.
     * {@code -Drecsys.storefront.every-nth=1} runs it on the whole log (about 2 more minutes).
     */
    private static final int EVERY_NTH_CUSTOMER = Integer.getInteger("recsys.storefront.every-nth", 12);
    /** The slice loads in 30–60 s on a quiet machine and over 3 minutes on a loaded one, the whole log in 2–6 minutes. */
    private static final long DEMO_TIMEOUT_SECONDS = EVERY_NTH_CUSTOMER == 1 ? 900 : 360;
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);
    /** In the slice and in the whole log alike: the most popular item, bought with its Regency tea set. */
    private static final String CAKESTAND = "22423";

    private final Path demoDir = Path.of(System.getProperty("user.dir"));
    private final Path screenshots = demoDir.resolve("target/screenshots");
    private StorefrontDemoProcess demo;
    private ChromeDriver browser;

    @BeforeAll
    void startDemoAndBrowser() throws Exception {
        BrowserInstall.ensure(demoDir);
        Path work = demoDir.resolve("target/storefront-test");
        deleteRecursively(work);
        Files.createDirectories(work);
        Files.createDirectories(screenshots);
        demo = StorefrontDemoProcess.start(demoDir, work, EVERY_NTH_CUSTOMER, DEMO_TIMEOUT_SECONDS);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(BrowserInstall.chromium());
        // root (as on CI) needs --no-sandbox; /dev/shm is small in containers
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(BrowserInstall.chromedriver()))
            .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(PAGE_TIMEOUT);
    }

    /** A rule test that fails halfway leaves no rule to the next test (each one opens the page again). */
    @AfterEach
    void forgetTheMerchandisingRules() {
        if (browser != null && browser.getCurrentUrl().startsWith(demo.pageUrl())) {
            browser.executeScript("sessionStorage.removeItem('rules')");
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    @Order(1)
    void theSwitcherOffersTheDemosCustomersAndAnAnonymousVisitor() {
        open("#/");
        List<WebElement> options = new Select(browser.findElement(By.id("customer"))).getOptions();
        assertTrue(options.get(0).getText().startsWith("Anonymous visitor"), options.get(0).getText());
        assertTrue(options.size() >= 3, "the demo's customers are offered: " + options.size() + " options");
        // each customer is named with their top categories, from their profile
        assertTrue(options.get(1).getText().matches("Customer \\d+ — .+"), options.get(1).getText());
        // the anonymous visitor's home page still recommends (the popular fallback), never an error
        assertFalse(hits("#home-recs").isEmpty(), "recommendations for an anonymous visitor");
        assertTrue(browser.findElements(By.cssSelector(".error")).isEmpty(), "no error on the page");
        screenshot("home-anonymous");
    }

    @Test
    @Order(2)
    void aCustomerWithHistorySeesTheSameSearchOrderedForThemBesideThePlainOne() throws IOException {
        String customer = chooseFirstCustomer();
        search("glass");
        List<String> plain = hits("#plain");
        List<String> personal = hits("#personal");
        assertEquals(10, plain.size(), "the plain search fills its column");
        assertFalse(personal.isEmpty(), "the personalized column has hits");
        assertNotEquals(plain, personal, "customer " + customer + " gets another order or other items than the plain search");
        // every hit shows what the catalog says about it: a price, a category, a title with the searched word
        for (WebElement hit : browser.findElements(By.cssSelector("#personal .hit"))) {
            assertTrue(hit.findElement(By.className("price")).getText().matches("£\\d+\\.\\d\\d"), hit.getText());
            assertFalse(hit.findElement(By.className("category")).getText().isBlank(), hit.getText());
            assertTrue(hit.findElement(By.className("title")).getText().contains("GLASS"), hit.getText());
        }
        assertTrue(browser.findElement(By.id("who-line")).getText().contains("customer " + customer), "the page says who is shopping");
        Path shot = screenshot("search-personalized");
        // the README shows this one: -Drecsys.storefront.update-docs=true -Drecsys.storefront.every-nth=1 makes it
        Path docs = demoDir.resolveSibling("docs").resolve("storefront.png");
        if (Files.isDirectory(docs.getParent()) && Boolean.getBoolean("recsys.storefront.update-docs")) {
            Files.copy(shot, docs, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    @Order(3)
    void theWhyPanelNamesTheSourcesOfAPersonalizedHit() {
        chooseFirstCustomer();
        search("glass");
        browser.findElement(By.cssSelector("#personal .hit .why")).click();
        WebElement panel = browser.findElement(By.id("why"));
        assertTrue(panel.isDisplayed(), "the explanation panel opens");
        List<WebElement> sources = panel.findElements(By.cssSelector(".source"));
        assertFalse(sources.isEmpty(), "it lists the sources that found the item");
        assertTrue(sources.get(0).getText().matches("source \\[(knn|cooccurrence|text|popular|neighbors|trending)\\] rank \\[\\d+\\].*"),
            sources.get(0).getText());
        assertTrue(panel.findElement(By.className("headline")).getText().startsWith("recommend: candidate ["));
        assertFalse(panel.findElement(By.className("model")).getText().isBlank(), "it says which model ranked it, or that none did");
        assertFalse(panel.getText().contains("null"), "nothing unreadable in the panel: " + panel.getText());
        screenshot("why-panel");

        // a plain hit is there because its title matches, and the panel says just that
        browser.findElement(By.id("why-close")).click();
        browser.findElement(By.cssSelector("#plain .hit .why")).click();
        assertTrue(panel.findElement(By.className("headline")).getText().startsWith("text match: score"),
            panel.findElement(By.className("headline")).getText());
        assertTrue(panel.findElements(By.cssSelector(".source")).isEmpty(), "no recommendation source for a plain hit");
    }

    @Test
    @Order(4)
    void anAnonymousVisitorGetsTheFallbackAndThePanelSaysSo() {
        new Select(browser.findElement(By.id("customer"))).selectByIndex(0);
        search("glass");
        assertFalse(hits("#personal").isEmpty(), "an unknown visitor still gets the matching items");
        browser.findElement(By.cssSelector("#personal .hit .why")).click();
        String fallback = browser.findElement(By.cssSelector("#why .fallback")).getText();
        assertTrue(fallback.startsWith("fallback [no_profile"), fallback);
    }

    @Test
    @Order(5)
    void aProductPageListsWhatWasBoughtWithItAndSimilarItems() {
        search("cakestand");
        WebElement link = browser.findElement(By.cssSelector("#plain .hit[data-id='" + CAKESTAND + "'] .title"));
        String title = link.getText();
        link.click();
        awaitView("#/product/" + CAKESTAND);
        assertEquals(title, browser.findElement(By.cssSelector("#product .title")).getText());
        assertTrue(browser.findElement(By.cssSelector("#product .price")).getText().startsWith("£"));
        List<String> together = hits("#together");
        List<String> similar = hits("#similar");
        assertFalse(together.isEmpty(), "items bought with the cake stand");
        assertFalse(similar.isEmpty(), "items similar to the cake stand");
        assertFalse(together.contains(CAKESTAND) || similar.contains(CAKESTAND), "the page's own item is not recommended back");
        // the Regency tea set is what its buyers bought with it
        assertTrue(browser.findElement(By.id("together")).getText().contains("REGENCY"), browser.findElement(By.id("together")).getText());
        browser.findElement(By.cssSelector("#together .hit .why")).click();
        String source = browser.findElement(By.cssSelector("#why .source")).getText();
        assertTrue(source.startsWith("source [cooccurrence]"), source);
        screenshot("product-page");
    }

    @Test
    @Order(6)
    void theCartRecommendsFromItsItems() {
        open("#/product/" + CAKESTAND);
        browser.findElement(By.cssSelector("#product .add")).click();
        assertEquals("1", browser.findElement(By.id("cart-count")).getText(), "the cart counts the item");
        browser.findElement(By.id("cart-link")).click();
        awaitView("#/cart");
        assertTrue(browser.findElement(By.id("cart-items")).getText().contains("CAKESTAND"));
        List<String> recommended = hits("#cart-recs");
        assertFalse(recommended.isEmpty(), "the cart has recommendations");
        assertFalse(recommended.contains(CAKESTAND), "the cart's item is not recommended back");
        screenshot("cart");
    }

    @Test
    @Order(7)
    void withTheShippedModelChosenThePanelNamesTheModelThatReRankedTheHit() {
        chooseFirstCustomer();
        new Select(browser.findElement(By.id("ranking"))).selectByValue("fusion-default");
        search("heart");
        assertFalse(hits("#personal").isEmpty(), "the re-ranked column has hits");
        browser.findElement(By.cssSelector("#personal .hit .why")).click();
        String headline = browser.findElement(By.cssSelector("#why .headline")).getText();
        assertTrue(headline.matches("recommend: candidate \\[.+\\] at rank \\[\\d+\\], re-ranked by model \\[fusion-default\\].*"), headline);
        String model = browser.findElement(By.cssSelector("#why .model")).getText();
        assertTrue(model.startsWith("model [fusion-default] version ["), model);
        assertFalse(browser.findElements(By.cssSelector("#why .features tr")).isEmpty(), "the features the model scored are listed");
        screenshot("why-panel-model");
        new Select(browser.findElement(By.id("ranking"))).selectByValue("");
    }

    @Test
    @Order(8)
    void anAnonymousVisitorsWhyPanelShowsTheTrendingSourceBesideThePopularOne() {
        new Select(browser.findElement(By.id("customer"))).selectByIndex(0);
        open("#/");
        // without history the fallback answers, and trending (recent interest, decayed by age) is one of its sources
        WebElement trendingHit = browser.findElements(By.cssSelector("#home-recs .hit")).stream()
            .filter(hit -> hit.findElements(By.className("badges")).stream()
                .anyMatch(badges -> badges.getText().contains("popular") && badges.getText().contains("trending")))
            .findFirst().orElseThrow(() -> new AssertionError("no popular and trending hit for the anonymous visitor: " + browser.findElement(By.id("home-recs")).getText()));
        trendingHit.findElement(By.className("why")).click();
        String trending = browser.findElement(By.cssSelector("#why .source[data-source='trending']")).getText();
        assertTrue(trending.matches("source \\[trending\\] rank \\[\\d+\\], weight \\[[\\d.]+\\].* — most interest lately.*"), trending);
        String popular = browser.findElement(By.cssSelector("#why .source[data-source='popular']")).getText();
        assertTrue(popular.matches("source \\[popular\\] rank \\[\\d+\\].* — bought most.*"), popular);
        assertTrue(browser.findElement(By.cssSelector("#why .fallback")).getText().startsWith("fallback [no_profile"));
        screenshot("why-panel-trending");
    }

    @Test
    @Order(9)
    void aMerchandiserPinsAnItemFirstAndTheWhyPanelNamesThePin() {
        chooseFirstCustomer();
        search("glass");
        List<String> plain = hits("#plain");
        List<String> personal = hits("#personal");
        // the plain search's last hit that the personalized column does not already put first
        String pinned = plain.reversed().stream().filter(id -> id.equals(personal.get(0)) == false).findFirst().orElseThrow();
        browser.findElement(By.cssSelector("#plain .hit[data-id='" + pinned + "'] .pin")).click();
        awaitView("#/search/glass");
        assertEquals(List.of("pin " + pinned), ruleChips().stream().map(chip -> chip.replaceAll(" “.*", "")).toList());
        assertTrue(ruleChips().get(0).endsWith("at position 0 rules.pin.0"), ruleChips().get(0));
        assertEquals(pinned, hits("#personal").get(0), "the pinned item is the first personalized hit");
        assertEquals(plain, hits("#plain"), "rules leave the plain search alone");
        assertTrue(firstHit("#personal").findElement(By.className("moved")).getText().contains("pin at position 0"));
        firstHit("#personal").findElement(By.className("why")).click();
        String rule = browser.findElement(By.cssSelector("#why .rule")).getText();
        assertTrue(rule.startsWith("moved by pin at position 0 [rules.pin.0]: the pin of item " + pinned + " at position 0"), rule);
        assertTrue(browser.findElement(By.cssSelector("#why .headline")).getText().endsWith(", then pin at position 0 [rules.pin.0]"));
        screenshot("rule-pin");

        // the chip's × removes the rule: the column is the shopper's own again
        removeRule("rules.pin.0");
        assertEquals(personal, hits("#personal"));

        // pinned by its id from the panel, at the third place of the home page's recommendations
        open("#/");
        WebElement item = browser.findElement(By.id("pin-item"));
        item.sendKeys(CAKESTAND);
        WebElement position = browser.findElement(By.id("pin-position"));
        position.clear();
        position.sendKeys("2");
        browser.findElement(By.cssSelector("#pin-form button")).click();
        // the panel looks the id up in the catalog first, then applies the rule
        new WebDriverWait(browser, PAGE_TIMEOUT).until(driver -> ruleChips().size() == 1);
        assertTrue(ruleChips().get(0).startsWith("pin " + CAKESTAND + " “REGENCY CAKESTAND 3 TIER” at position 2"), ruleChips().get(0));
        awaitView("#/");
        assertEquals(CAKESTAND, hits("#home-recs").get(2), "the pinned item is the third recommendation");
        removeRule("rules.pin.0");
        assertTrue(ruleChips().isEmpty());
    }

    @Test
    @Order(10)
    void aBoostedCategoryTakesTheTopOfThePersonalizedColumnAndTheWhyPanelNamesTheBoost() {
        chooseFirstCustomer();
        search("glass");
        List<String> before = categories("#personal");
        // the best placed category that is not already first
        String boosted = before.stream().filter(category -> category.equals(before.get(0)) == false).findFirst().orElseThrow();
        new Select(browser.findElement(By.id("boost-category"))).selectByValue(boosted);
        assertEquals("3", browser.findElement(By.id("boost-weight")).getAttribute("value"), "a boost of 3 unless the merchandiser says otherwise");
        browser.findElement(By.cssSelector("#boost-form button")).click();
        awaitView("#/search/glass");
        assertEquals(List.of("boost " + boosted + " ×3 rules.boost.0"), ruleChips());
        // ×3 lifts every hit of the category the page showed above the others (their scores are within 3× of each other)
        long shownBefore = before.stream().filter(boosted::equals).count();
        List<String> after = categories("#personal");
        assertEquals(Collections.nCopies((int) shownBefore, boosted), after.subList(0, (int) shownBefore), "the top hits are " + boosted + ": " + after);
        firstHit("#personal").findElement(By.className("why")).click();
        String rule = browser.findElement(By.cssSelector("#why .rule")).getText();
        assertEquals("moved by boost ×3.0 [rules.boost.0]: the boost of category “" + boosted + "” ×3", rule);
        screenshot("rule-boost");
        browser.findElement(By.id("why-close")).click();
        removeRule("rules.boost.0");
        assertEquals(before, categories("#personal"));
    }

    @Test
    @Order(11)
    void aBuriedCategoryComesAfterEveryOtherAndTheWhyPanelNamesTheBurial() {
        chooseFirstCustomer();
        // few items match "wicker", so the buried ones are still on the page, after the others
        search("wicker");
        String buried = categories("#personal").get(0);
        new Select(browser.findElement(By.id("bury-category"))).selectByValue(buried);
        browser.findElement(By.cssSelector("#bury-form button")).click();
        awaitView("#/search/wicker");
        assertEquals(List.of("bury " + buried + " rules.bury.0"), ruleChips());
        List<String> after = categories("#personal");
        assertNotEquals(buried, after.get(0), "the first hit is no longer " + buried);
        int firstBuried = after.indexOf(buried);
        assertTrue(firstBuried > 0, "the buried category is still shown, lower: " + after);
        assertTrue(after.subList(firstBuried, after.size()).stream().allMatch(buried::equals),
            "no " + buried + " hit before a hit of another category: " + after);
        browser.findElements(By.cssSelector("#personal .hit")).get(firstBuried).findElement(By.className("why")).click();
        String rule = browser.findElement(By.cssSelector("#why .rule")).getText();
        assertEquals("moved by bury [rules.bury.0]: the burial of category “" + buried + "”", rule);
        screenshot("rule-bury");
        browser.findElement(By.id("why-close")).click();
        removeRule("rules.bury.0");
        assertEquals(buried, categories("#personal").get(0));
    }

    // ---- helpers ----

    /** The active rules' chips, as the merchandising panel shows them (without their × button). */
    private List<String> ruleChips() {
        return browser.findElements(By.cssSelector("#rule-chips .chip")).stream()
            .map(chip -> chip.getText().replaceAll("\\s*×$", "")).toList();
    }

    /** Removes a rule with its chip's × and waits for the lists to answer without it. */
    private void removeRule(String rule) {
        String hash = (String) ((JavascriptExecutor) browser).executeScript("return location.hash");
        browser.findElement(By.cssSelector("#rule-chips .chip[data-rule='" + rule + "'] .remove")).click();
        awaitView(hash);
    }

    private WebElement firstHit(String panel) {
        return browser.findElement(By.cssSelector(panel + " .hit"));
    }

    /** The categories of a list's hits, in order. */
    private List<String> categories(String panel) {
        return browser.findElements(By.cssSelector(panel + " .hit .category")).stream().map(WebElement::getText).toList();
    }

    /** Selects the switcher's first customer (the report's example) and returns their id. */
    private String chooseFirstCustomer() {
        open("#/");
        Select select = new Select(browser.findElement(By.id("customer")));
        select.selectByIndex(1);
        return select.getFirstSelectedOption().getAttribute("value");
    }

    private void search(String text) {
        WebElement box = browser.findElement(By.id("q"));
        box.clear();
        box.sendKeys(text);
        browser.findElement(By.cssSelector("#search-form button")).click();
        awaitView("#/search/" + text);
    }

    private void open(String hash) {
        browser.get(demo.pageUrl() + hash);
        awaitView(hash);
    }

    /** Waits until the page shows {@code hash} with every list answered. */
    private void awaitView(String hash) {
        new WebDriverWait(browser, PAGE_TIMEOUT).until(driver -> Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
            "const view = document.getElementById('view'), customer = document.getElementById('customer');"
                + " return view.dataset.hash === arguments[0] && view.dataset.ready === 'true' && customer.options.length > 0"
                + " && view.dataset.customer === customer.value && view.dataset.model === document.getElementById('ranking').value"
                + " && view.dataset.rules === document.getElementById('merchandising').dataset.rules", hash)));
    }

    /** The item ids of a list, in order. */
    private List<String> hits(String panel) {
        return browser.findElements(By.cssSelector(panel + " .hit")).stream().map(hit -> hit.getAttribute("data-id")).toList();
    }

    private Path screenshot(String name) {
        Path file = screenshots.resolve(name + ".png");
        try {
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot save " + file, e);
        }
        return file;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
