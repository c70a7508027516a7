package org.hitcert.support;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.HasCdp;

/**
 * Chrome DevTools device emulation: the same Chromium presented as Chrome on an Android phone (its reduced
 * User-Agent and client hints, a 412×915 viewport at 2.625 dpr, touch). The overrides live in the current tab until
 * {@link #clear}.
 */
final class BrowserEmulation {

    private static final Pattern VERSION = Pattern.compile("(?:Headless)?Chrome/(\\d+)");

    private BrowserEmulation() {
    }

    /** The User-Agent Chrome {@code major} sends on Android (user-agent reduction: fixed "Android 10; K" and minor 0.0.0). */
    static String androidUserAgent(String desktopUserAgent) {
        Matcher m = VERSION.matcher(desktopUserAgent);
        String major = m.find() ? m.group(1) : "120";
        return "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + major
                + ".0.0.0 Mobile Safari/537.36";
    }

    static Optional<String> mobile(WebDriver driver) {
        HasCdp cdp = (HasCdp) driver;
        try {
            String desktop = String.valueOf(((JavascriptExecutor) driver).executeScript("return navigator.userAgent"));
            String ua = androidUserAgent(desktop);
            String major = ua.replaceAll(".*Chrome/(\\d+).*", "$1");
            Map<String, Object> metadata = Map.of(
                    "brands", List.of(Map.of("brand", "Chromium", "version", major), Map.of("brand", "Not.A/Brand", "version", "99")),
                    "fullVersionList", List.of(Map.of("brand", "Chromium", "version", major + ".0.0.0")),
                    "platform", "Android", "platformVersion", "10.0.0", "architecture", "", "model", "K", "mobile", true);
            cdp.executeCdpCommand("Emulation.setUserAgentOverride",
                    Map.of("userAgent", ua, "platform", "Linux armv81", "userAgentMetadata", metadata));
            cdp.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 412, "height", 915, "deviceScaleFactor", 2.625, "mobile", true));
            cdp.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
            return Optional.of("Android phone profile: User-Agent '" + ua + "', 412×915 viewport, touch");
        } catch (RuntimeException e) {
            clear(driver);
            return Optional.empty();
        }
    }

    /** Ends the emulation: the browser's own User-Agent, viewport and input again. */
    static void clear(WebDriver driver) {
        if (!(driver instanceof HasCdp cdp)) {
            return;
        }
        for (Map.Entry<String, Map<String, Object>> c : List.of(
                Map.entry("Emulation.setUserAgentOverride", Map.<String, Object>of("userAgent", "")),
                Map.entry("Emulation.clearDeviceMetricsOverride", Map.<String, Object>of()),
                Map.entry("Emulation.setTouchEmulationEnabled", Map.<String, Object>of("enabled", false)))) {
            try {
                cdp.executeCdpCommand(c.getKey(), c.getValue());
            } catch (RuntimeException ignored) {
                // a browser that cannot undo one override is checked by the caller's next navigation
            }
        }
    }
}
