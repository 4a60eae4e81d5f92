package io.recsys.opensearch.demo;

import org.junit.jupiter.api.AfterAll;
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
    /** The slice loads in 30–60 s here, the whole log in 2–6 minutes (more on a busy machine). */
    private static final long DEMO_TIMEOUT_SECONDS = EVERY_NTH_CUSTOMER == 1 ? 900 : 240;
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

    // ---- helpers ----

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
                + " && view.dataset.customer === customer.value && view.dataset.model === document.getElementById('ranking').value", hash)));
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
