package net.stackspin.admin.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by Selenium, for browser tests. Uses
 * {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (installed by
 * {@code .ci/run}); fails, never skips, when they are missing. The flags keep Chromium
 * off the network this machine does not have.
 */
public final class Browser implements AutoCloseable {

	private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path
		.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

	private final WebDriver driver;

	private final Path profile;

	private Browser(WebDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	public static Browser start() {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			throw new IllegalStateException("Browser tests need Debian's chromium and chromium-driver (" + CHROMIUM
					+ ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver, as .ci/run does");
		}
		try {
			Path profile = Files.createTempDirectory("stackspin-chromium-");
			ChromeOptions options = new ChromeOptions();
			options.setBinary(CHROMIUM.toFile());
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-dev-shm-usage", "--window-size=1280,1024", "--user-data-dir=" + profile);
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
				.usingAnyFreePort()
				.build();
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
			return new Browser(driver, profile);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not create a Chromium profile directory", ex);
		}
	}

	public WebDriver driver() {
		return this.driver;
	}

	public Browser open(String url) {
		this.driver.get(url);
		return this;
	}

	public WebElement find(By by) {
		return waitFor().until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	public Browser type(By by, String text) {
		WebElement element = find(by);
		element.clear();
		element.sendKeys(text);
		return this;
	}

	public Browser click(By by) {
		WebElement element = waitFor().until(ExpectedConditions.elementToBeClickable(by));
		// Bootstrap scrolls smoothly: a click during the scroll Selenium starts lands on
		// whatever passes under the pointer, so bring the element into view at once
		((JavascriptExecutor) this.driver)
			.executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
		element.click();
		return this;
	}

	/**
	 * Lets the browser save downloads, into a directory of its profile (removed on
	 * close), and returns that directory.
	 */
	public Path allowDownloads() {
		Path downloads = this.profile.resolve("downloads");
		try {
			Files.createDirectories(downloads);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not create " + downloads, ex);
		}
		((org.openqa.selenium.chrome.ChromeDriver) this.driver).executeCdpCommand("Browser.setDownloadBehavior",
				java.util.Map.of("behavior", "allow", "downloadPath", downloads.toString()));
		return downloads;
	}

	/**
	 * Lays pages out as a 390 px wide phone screen does (Chromium's device emulation).
	 */
	public Browser phoneSize() {
		((ChromeDriver) this.driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
		return this;
	}

	/** Back to the desktop window this browser started with. */
	public Browser desktopSize() {
		((ChromeDriver) this.driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
		return this;
	}

	/** Whether the page is wider than the screen (scrolls sideways). */
	public boolean scrollsSideways() {
		return (Boolean) ((JavascriptExecutor) this.driver)
			.executeScript("var e = document.scrollingElement; return e.scrollWidth > e.clientWidth;");
	}

	/** The visible part of the page as PNG, written to this file. */
	public void screenshot(Path file) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.write(file, ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the screenshot " + file, ex);
		}
	}

	public String currentUrl() {
		return this.driver.getCurrentUrl();
	}

	public String pageText() {
		return this.driver.findElement(By.tagName("body")).getText();
	}

	public WebDriverWait waitFor() {
		return new WebDriverWait(this.driver, Duration.ofSeconds(15));
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			try (var files = Files.walk(this.profile)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
			catch (IOException ex) {
				// a leftover temp profile is harmless
			}
		}
	}

}
