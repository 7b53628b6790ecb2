package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium, headless, driven by its chromedriver: what the console's browser tests run in. */
final class Chromium {

  static final Path BINARY = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  /** Set to a folder (e.g. {@code src/site}) to have the browser tests save a screenshot of each page there. */
  static final String SCREENSHOTS = "ebb.console.screenshots";

  private Chromium() {}

  /** Headless Chromium from the system's packages; the driver path is given, so Selenium Manager never runs. */
  static ChromeDriver start(Path profile) {
    assertThat(BINARY).as("Debian's chromium (apt-get install chromium chromium-driver)").isExecutable();
    assertThat(DRIVER).as("Debian's chromium-driver").isExecutable();
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1280,900", "--user-data-dir=" + profile);
    return new ChromeDriver(service, options);
  }

  /** Saves the page as {@code <name>.png} into the folder of {@value #SCREENSHOTS}, when that is set. */
  static void screenshot(ChromeDriver browser, String name) {
    String folder = System.getProperty(SCREENSHOTS);
    if (folder == null || folder.isBlank()) {
      return;
    }
    try {
      Path dir = Files.createDirectories(Path.of(folder));
      Files.write(dir.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Pixels of the chart's canvas within a small distance of one colour (antialiased edges differ a little). */
  static long pixelsOfColour(ChromeDriver browser, String chartId, int r, int g, int b) {
    Object count = browser.executeScript("""
        const canvas = document.querySelector('#' + arguments[0] + ' canvas');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (Math.abs(data[i] - arguments[1]) + Math.abs(data[i + 1] - arguments[2])
              + Math.abs(data[i + 2] - arguments[3]) < 40 && data[i + 3] > 200) n++;
        }
        return n;""", chartId, r, g, b);
    return ((Number) count).longValue();
  }

}
