package dev.patrol.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.patrol.alert.RecordingNotifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The HTML report in a real browser: Debian's headless Chromium driven by Selenium through
 * {@code /usr/bin/chromedriver} (never a downloaded driver), at a desktop's 1280 px and a phone's
 * 390 px. Skips, naming the packages, where they are not installed.
 */
class ReportInBrowserTest {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static Path tmp;
    static Path html;

    @BeforeAll
    static void report() throws Exception {
        assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "skipped: needs the Debian packages chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
        tmp = Files.createTempDirectory("patrol-browser");
        ReportJobTest job = new ReportJobTest();
        job.tmp = tmp;
        job.knownReport(new RecordingNotifier("slack"), true);
        html = tmp.resolve("reports/latest/report.html");
        // Kept beside the screenshots, to open when one of these fails
        Files.createDirectories(Path.of("target"));
        Files.copy(html, Path.of("target", "report-in-browser.html"), StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterAll
    static void clean() throws Exception {
        if (tmp == null) return;
        try (var s = Files.walk(tmp)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static ChromeDriver browser(int width, int height) throws Exception {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(tmp, "profile"),
                "--window-size=" + width + "," + height, "--hide-scrollbars");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        // A headless window is at least 500 px wide; a phone's viewport is emulated instead, as DevTools' device mode does.
        if (width < 500) o.setExperimentalOption("mobileEmulation", java.util.Map.of("deviceMetrics",
                java.util.Map.of("width", width, "height", height, "pixelRatio", 3.0, "mobile", true)));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, o);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /**
     * Every URL the report's page asked for (the performance log's requests from a file: document; the browser's own
     * new-tab page before it is not the report's).
     */
    private static List<String> requests(ChromeDriver driver) {
        return driver.manage().logs().get(LogType.PERFORMANCE).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("\"Network.requestWillBeSent\"") && m.contains("\"documentURL\":\"file:"))
                .map(m -> m.replaceAll(".*?\"request\":\\{.*?\"url\":\"([^\"]*)\".*", "$1")).toList();
    }

    private static List<String> console(ChromeDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    private static List<String> values(ChromeDriver driver, String chart, String css) {
        return driver.findElements(By.cssSelector("svg[data-chart='" + chart + "'] rect" + (css == null ? "" : "." + css))).stream()
                .map(e -> e.getAttribute("data-value")).toList();
    }

    private static void screenshot(ChromeDriver driver, String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        assertThat(target).isNotEmptyFile();
    }

    @Test
    void onADesktopTheChartsShowTheKnownNumbersAndNothingLeavesTheFile() throws Exception {
        ChromeDriver driver = browser(1280, 900);
        try {
            driver.get(html.toUri().toString());
            assertThat(driver.getTitle()).isEqualTo("3 to look at · acme <b> · Patrol report · 2026-11-30");
            // The first thing on the page: the failing backup, the open secret, then the unreadable repository, each a link to its place
            List<WebElement> todo = driver.findElements(By.cssSelector("#attention ol.todo li"));
            assertThat(todo).extracting(WebElement::getText).satisfiesExactly(
                    t -> assertThat(t).startsWith("BACKUP FAILING pipeline-csv: "),
                    t -> assertThat(t).isEqualTo("OPEN SECRETS 1 older finding: still open; rotate or ignore each"),
                    t -> assertThat(t).startsWith("UNREADABLE repository ghost: ").contains("no-such-repo"));
            todo.getFirst().findElement(By.tagName("a")).click();
            assertThat(driver.getCurrentUrl()).endsWith("#backup-set-pipeline-csv");
            assertThat(driver.findElement(By.id("backup-set-pipeline-csv")).getText()).startsWith("pipeline-csv").contains("down");
            assertThat(driver.findElement(By.id("good-news")).getText()).contains("1 of 1 health target up now");
            // The secret the secrets job found on 11-28 is not new today: no "new" table; its first sighting in words with the zone
            assertThat(driver.findElements(By.id("new-findings"))).isEmpty();
            assertThat(driver.findElements(By.cssSelector("#secrets time"))).extracting(e -> e.getAttribute("textContent"))
                    .containsExactly("28 Nov 06:00 UTC");
            // DORA per week: deployments (3, 1, 1, 0), the failed ones in red on top (v1.1.0, then v1.2.0)
            assertThat(values(driver, "dora-deals", "neutral")).containsExactly("3", "1", "1", "0");
            assertThat(values(driver, "dora-deals", "bad")).containsExactly("1", "1");
            assertThat(driver.findElements(By.cssSelector("svg[data-chart='dora-deals'] text")).stream().map(WebElement::getText))
                    .containsExactly("3", "1", "1", "0");
            // The other DORA numbers per week: median lead time (4,2,2,1,1 h; 3 h; 1 h; nothing shipped) and time to restore
            assertThat(values(driver, "lead-deals", null)).containsExactly("2", "3", "1", "");
            assertThat(values(driver, "restore-deals", null)).containsExactly("", "30", "", "120");
            assertThat(driver.findElement(By.cssSelector("svg[data-chart='restore-deals']")).getAttribute("aria-label"))
                    .contains("2 of 4 weeks measured").contains("time to restore high");
            // Uptime bars: one a day from 11-02 to 11-30; backend checked on 11-09 (ok), 11-10 (1 of 2 failed), 11-20, 11-25
            List<String> uptime = values(driver, "uptime-backend", null);
            assertThat(uptime).hasSize(29);
            assertThat(uptime.get(7)).isEqualTo("100%");
            assertThat(uptime.get(8)).isEqualTo("50.00%");
            assertThat(uptime.get(23)).isEqualTo("50.00%");
            assertThat(uptime.stream().filter(String::isEmpty)).hasSize(25);
            // Findings open per day, 11-02 to 11-30: the token the secrets job found on 11-28 is open from that day on
            List<String> open = values(driver, "findings-open", null);
            assertThat(open).hasSize(29);
            assertThat(open.subList(0, 26)).containsOnly("0");
            assertThat(open.subList(26, 29)).containsExactly("1", "1", "1");
            // Backup sizes: the three nights the backups job verified, in bytes, oldest first
            List<String> sizes = new java.util.ArrayList<>();
            for (String night : List.of("27", "28", "29")) sizes.add(String.valueOf(Files.size(tmp.resolve("backups/pipeline_202611" + night + ".csv.gz"))));
            assertThat(values(driver, "backup-pipeline-csv", null)).containsExactlyElementsOf(sizes);
            assertThat(driver.findElement(By.cssSelector("svg[data-chart='backup-pipeline-csv']")).getAttribute("aria-label"))
                    .contains("3 backups").contains("shrinking");
            WebElement tile = driver.findElement(By.id("cfr-deals"));
            assertThat(tile.getText()).contains("40%").contains("2 of 5 failed").contains("low");
            assertThat(driver.findElement(By.id("lt-deals")).getText()).contains("2 h").contains("median of 7 changes").contains("elite");
            // The commit message with a script tag is text on the page, not a script
            driver.findElements(By.tagName("details")).forEach(d -> ((JavascriptExecutor) driver).executeScript("arguments[0].open = true", d));
            assertThat(driver.findElement(By.tagName("body")).getText()).contains("Revert \"risky <script>alert(1)</script> change\"");
            assertThat(driver.findElements(By.tagName("script"))).isEmpty();
            screenshot(driver, "report-1280.png");

            assertThat(requests(driver)).isNotEmpty().allMatch(u -> u.startsWith("file:"), "only the file itself");
            assertThat(console(driver)).noneMatch(m -> m.contains("Content Security Policy"));
        } finally {
            driver.quit();
        }
    }

    @Test
    void onAPhoneNothingOverflowsSideways() throws Exception {
        ChromeDriver driver = browser(390, 844);
        try {
            driver.get(html.toUri().toString());
            JavascriptExecutor js = driver;
            long inner = ((Number) js.executeScript("return window.innerWidth")).longValue();
            long scroll = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
            assertThat(inner).isEqualTo(390);
            assertThat(scroll).as("page width at 390 px").isLessThanOrEqualTo(inner);
            driver.findElements(By.tagName("details")).forEach(d -> js.executeScript("arguments[0].open = true", d));
            assertThat(((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue())
                    .as("page width with every table open").isLessThanOrEqualTo(inner);
            assertThat(driver.findElement(By.cssSelector("svg[data-chart='dora-deals']")).getRect().getWidth()).isLessThanOrEqualTo(390);
            // What needs attention is on the first screen, and no text is too small to read on a phone (12 px; chart labels 8 px)
            assertThat(driver.findElement(By.id("attention")).getRect().getY()).isLessThan(844 / 2);
            @SuppressWarnings("unchecked")
            List<String> tiny = (List<String>) js.executeScript("""
                    return [...document.querySelectorAll('body *')]
                      .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
                      .filter(e => e.getClientRects().length > 0)
                      .filter(e => e instanceof SVGTextElement ? e.getBoundingClientRect().height < 8 : parseFloat(getComputedStyle(e).fontSize) < 12)
                      .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 40));""");
            assertThat(tiny).as("text under 12 px (chart labels under 8 px) at 390 px").isEmpty();
            screenshot(driver, "report-390.png");
        } finally {
            driver.quit();
        }
    }

    @Test
    void aRequestToTheOutsideWouldBeBlockedAndSeen() throws Exception {
        // The control for "nothing leaves the file": the same page with an outside image is blocked by its CSP, and the test sees it.
        Path tampered = tmp.resolve("tampered.html");
        Files.writeString(tampered, Files.readString(html).replace("</main>", "<img src=\"http://127.0.0.1:9/pixel.png\"></main>"));
        ChromeDriver driver = browser(1280, 900);
        try {
            driver.get(tampered.toUri().toString());
            assertThat(console(driver)).anyMatch(m -> m.contains("Content Security Policy") && m.contains("127.0.0.1:9"));
        } finally {
            driver.quit();
        }
    }
}
