package org.hitcert.support;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.Capabilities;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.remote.Augmenter;
import org.openqa.selenium.remote.HttpCommandExecutor;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.remote.http.ClientConfig;

/**
 * Browser sessions from a Selenium Grid (RemoteWebDriver). The session asks for the local Chromium's arguments in
 * {@code goog:chromeOptions} (or {@code ms:edgeOptions}), so that the grid's browser too resolves only the candidate's
 * hosts and trusts only the candidate's keys; the grid merges them with its node's own (binary, sandbox). The driver is
 * augmented with {@link HasCdp} (the grid relays {@code goog/cdp/execute} to its node), and the performance log
 * ({@code goog:loggingPrefs}) is read through the grid, so network events, navigation history and cookie flags work as
 * they do locally; where a grid withholds them, the checks that need them say INCONCLUSIVE.
 */
final class BrowserGrid {

    /** How long a new session may wait for a free slot of the grid, and one command for its answer. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(90);

    private BrowserGrid() {
    }

    /** {@code networkLog}: whether {@code local} asks for the performance log (see {@link Browser#start}). */
    static Browser start(BrowserKind kind, ChromeOptions local, boolean networkLog) {
        URI grid = kind.grid().orElseThrow();
        ClientConfig config = ClientConfig.defaultConfig().baseUri(withoutUserInfo(grid)).readTimeout(READ_TIMEOUT);
        String userInfo = grid.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            config = config.authenticateAs(new UsernameAndPassword(colon < 0 ? userInfo : userInfo.substring(0, colon),
                    colon < 0 ? "" : userInfo.substring(colon + 1)));
        }
        Capabilities asked = kind.browserName().equals("chrome") ? local : edge(local);
        RemoteWebDriver remote = new RemoteWebDriver(new HttpCommandExecutor(config), asked);
        WebDriver driver;
        try {
            driver = new Augmenter().augment(remote);
        } catch (RuntimeException e) {
            driver = remote; // no augmentation: checks that need DevTools say INCONCLUSIVE
        }
        Capabilities caps = remote.getCapabilities();
        return new Browser(driver, caps.getBrowserName() + " " + caps.getBrowserVersion() + " (Selenium Grid " + BrowserKind.redacted(grid) + ")",
                true, null, networkLog);
    }

    /** The same arguments for Microsoft Edge, which reads them from {@code ms:edgeOptions}. */
    private static Capabilities edge(ChromeOptions local) {
        Map<String, Object> caps = new java.util.LinkedHashMap<>(local.asMap());
        Object options = caps.remove(ChromeOptions.CAPABILITY);
        caps.put("browserName", "MicrosoftEdge");
        caps.put("ms:edgeOptions", options);
        Object logging = caps.remove("goog:loggingPrefs");
        if (logging != null) {
            caps.put("ms:loggingPrefs", logging);
        }
        return new org.openqa.selenium.MutableCapabilities(caps);
    }

    private static URI withoutUserInfo(URI u) {
        try {
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("grid URL " + BrowserKind.redacted(u) + ": " + e.getMessage(), e);
        }
    }
}
