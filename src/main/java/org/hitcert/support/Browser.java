package org.hitcert.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.openqa.selenium.Capabilities;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.htmlunit.HtmlUnitDriver;

/**
 * One browser session, shared by the checks of a run and reset between them. Real Chromium through
 * Selenium with the driver and binary given explicitly (no Selenium Manager download); a Selenium Grid
 * with {@code grid:URL}; HtmlUnit only as the fallback where no Chromium is installed, and then
 * {@link #isRealBrowser()} is false so that browser-engine checks say INCONCLUSIVE.
 */
public final class Browser implements AutoCloseable {

    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /**
     * Chromium's headless shell (Debian's {@code chromium-headless-shell}): the same Blink, V8 and network stack as
     * {@link #CHROMIUM}, without the browser's user interface (tabs, omnibox, password manager, history). A login
     * flow costs it about a third less processor time, so {@code chromium} prefers it when it is installed;
     * {@code chromium-full} asks for the full browser in its new headless mode.
     */
    public static final String CHROMIUM_SHELL = "/usr/bin/chromium-headless-shell";

    /** Selenium warns on every start that it has no CDP bindings for this exact Chromium; the suite needs none. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    /** Idle browsers by launch settings; at most {@link #POOL_SIZE} browsers live at once in the pool. */
    private static final int POOL_SIZE = 2;
    private static final java.util.Map<Browser, String> POOL = new java.util.LinkedHashMap<>();
    private static final java.util.Set<Browser> IDLE = new java.util.LinkedHashSet<>();
    /**
     * Every browser started and not yet closed, pooled or not: when the JVM exits (a run's end, Ctrl-C, the SIGTERM of
     * a CI time-out) they are all quit, at once, so that no chromedriver or Chromium outlives hitcert. Before, only the
     * pooled ones were, and a run stopped by a signal left the others running.
     */
    private static final java.util.Set<Browser> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final Duration QUIT_WAIT = Duration.ofSeconds(10);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Browser::quitAll, "hitcert-browser-quit"));
    }

    private final WebDriver driver;
    private final String description;
    private final boolean real;
    private final Path profile;
    /** Whether the browser keeps a performance log of its network events ({@link #networkEvents()}). */
    private final boolean networkLog;

    /** Set while the browser presents a mobile device ({@link #emulateMobile()}); {@link #reset()} ends it. */
    private volatile boolean emulating;

    Browser(WebDriver driver, String description, boolean real, Path profile, boolean networkLog) {
        this.driver = driver;
        this.description = description;
        this.real = real;
        this.profile = profile;
        this.networkLog = real && networkLog;
        LIVE.add(this);
    }

    /**
     * A browser for one run: an idle pooled Chromium started with the same settings (starting Chromium costs
     * seconds; a run reuses it after {@link #reset()}), else a new one, pooled when there is room. Hand it
     * back with {@link #release()}. Pooled browsers are quit when the JVM exits.
     */
    public static Browser acquire(String kind, List<String> trustedSpki, SSLContext tls, java.util.Collection<String> allowedHosts)
            throws IOException {
        return acquire(kind, trustedSpki, tls, allowedHosts, false);
    }

    /** As {@link #acquire(String, List, SSLContext, java.util.Collection)}; {@code networkLog}: see {@link #start}. */
    public static Browser acquire(String kind, List<String> trustedSpki, SSLContext tls, java.util.Collection<String> allowedHosts,
                                  boolean networkLog) throws IOException {
        if (!isLocalChromium(kind)) {
            return start(kind, trustedSpki, tls, allowedHosts, networkLog);
        }
        String key = kind + "|" + networkLog + "|" + trustedSpki + "|" + new java.util.TreeSet<>(allowedHosts);
        synchronized (Browser.class) {
            for (java.util.Iterator<Browser> it = IDLE.iterator(); it.hasNext(); ) {
                Browser b = it.next();
                if (key.equals(POOL.get(b))) {
                    it.remove();
                    if (b.alive()) {
                        b.reset();
                        return b;
                    }
                    POOL.remove(b);
                    b.close();
                }
            }
        }
        Browser fresh = start(kind, trustedSpki, tls, allowedHosts, networkLog);
        if (!fresh.real) {
            return fresh;
        }
        synchronized (Browser.class) {
            if (POOL.size() >= POOL_SIZE && !IDLE.isEmpty()) {
                Browser evicted = IDLE.iterator().next();
                IDLE.remove(evicted);
                POOL.remove(evicted);
                evicted.close();
            }
            if (POOL.size() < POOL_SIZE) {
                POOL.put(fresh, key);
            }
        }
        return fresh;
    }

    /** Quits every live browser, each on a thread of its own, waiting {@link #QUIT_WAIT} at most. */
    static void quitAll() {
        List<Thread> quitting = new ArrayList<>();
        for (Browser b : List.copyOf(LIVE)) {
            Thread t = new Thread(b::close, "hitcert-browser-quit-one");
            t.setDaemon(true);
            t.start();
            quitting.add(t);
        }
        long deadline = System.nanoTime() + QUIT_WAIT.toNanos();
        for (Thread t : quitting) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        synchronized (Browser.class) {
            POOL.clear();
            IDLE.clear();
        }
    }

    /** Hands the browser back: a pooled one is reset and kept for the next run, any other is quit. */
    public void release() {
        synchronized (Browser.class) {
            if (POOL.containsKey(this)) {
                reset();
                IDLE.add(this);
                return;
            }
        }
        close();
    }

    private boolean alive() {
        try {
            driver.getWindowHandle();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Starts a browser of {@code kind} (see {@link BrowserKind}): {@code chromium} (falls back to HtmlUnit when
     * Chromium is not installed), {@code htmlunit}, or {@code grid:URL[#NAME]}, a session from a Selenium Grid that
     * gets the same host confinement and certificate allow-list as the local Chromium.
     *
     * @param trustedSpki base64 SHA-256 SPKI hashes of the candidate's server keys that Chromium must accept
     *                    (they chain to the candidate's declared trust anchor, which the suite has verified)
     */
    public static Browser start(String kind, List<String> trustedSpki, SSLContext tls, java.util.Collection<String> allowedHosts)
            throws IOException {
        return start(kind, trustedSpki, tls, allowedHosts, false);
    }

    /**
     * As {@link #start(String, List, SSLContext, java.util.Collection)}; with {@code networkLog} the browser keeps a
     * performance log of its network events for {@link #networkEvents()}. Only a check that reads them asks for it:
     * chromedriver then receives and buffers every network event of every page.
     */
    public static Browser start(String kind, List<String> trustedSpki, SSLContext tls, java.util.Collection<String> allowedHosts,
                                boolean networkLog) throws IOException {
        Objects.requireNonNull(kind, "kind");
        if (kind.startsWith("grid")) {
            return BrowserGrid.start(BrowserKind.parse(kind, java.util.Optional.empty()),
                    chromeOptions(trustedSpki, null, allowedHosts, true, networkLog), networkLog);
        }
        if (!isLocalChromium(kind) && !kind.equals("htmlunit")) {
            throw new IllegalArgumentException("unknown browser '" + kind
                    + "'; expected chromium, chromium-full, htmlunit or grid:URL");
        }
        Optional<String> binary = isLocalChromium(kind) ? localBinary(kind) : Optional.empty();
        if (binary.isPresent()) {
            Path profile = Files.createTempDirectory("hitcert-chromium-");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
            boolean shell = binary.get().equals(CHROMIUM_SHELL);
            ChromeOptions options = chromeOptions(trustedSpki, profile, allowedHosts, !shell, networkLog);
            options.setBinary(binary.get());
            if (shell) {
                // chromedriver opens the shell's first page only when it knows it drives the shell
                options.setCapability("browserName", "chrome-headless-shell");
            }
            ChromeDriver chrome = new ChromeDriver(service, options);
            chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
            return new Browser(chrome, describe(chrome.getCapabilities()), true, profile, networkLog);
        }
        HtmlUnitDriver html = new HtmlUnitDriver(true) {
            @Override
            protected org.htmlunit.WebClient modifyWebClient(org.htmlunit.WebClient client) {
                client.getOptions().setSSLContext(tls);
                client.getOptions().setRedirectEnabled(true);
                return client;
            }
        };
        String why = isLocalChromium(kind) ? " (fallback: " + (kind.equals("chromium-full") ? CHROMIUM : CHROMIUM_SHELL
                + " nor " + CHROMIUM) + " or " + CHROMEDRIVER + " is not installed)" : "";
        return new Browser(html, "HtmlUnit" + why, false, null, false);
    }

    /**
     * @param newHeadless the full browser's {@code --headless=new}; false for the headless shell, always headless
     * @param networkLog  whether the browser keeps a performance log of its network events
     */
    static ChromeOptions chromeOptions(List<String> trustedSpki, Path profile, java.util.Collection<String> allowedHosts,
                                       boolean newHeadless, boolean networkLog) {
        ChromeOptions options = new ChromeOptions();
        List<String> args = new ArrayList<>(List.of("--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--disable-dev-shm-usage", "--disable-extensions",
                "--window-size=1280,900"));
        args.add(0, newHeadless ? "--headless=new" : "--headless");
        if (profile != null) {
            args.add("--user-data-dir=" + profile);
        }
        // the browser, too, reaches only the candidate file's hosts: every other name resolves to nothing
        StringBuilder rules = new StringBuilder("MAP * ~NOTFOUND");
        for (String host : allowedHosts) {
            rules.append(" , EXCLUDE ").append(host);
        }
        args.add("--host-resolver-rules=" + rules);
        if (!trustedSpki.isEmpty()) {
            args.add("--ignore-certificate-errors-spki-list=" + String.join(",", trustedSpki));
        }
        options.addArguments(args);
        if (networkLog) {
            // network events (redirect statuses) for checks that must see what the browser was answered
            options.setCapability("goog:loggingPrefs", Map.of("performance", "ALL"));
            options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
        }
        return options;
    }

    /** {@code chromium} (the headless shell when installed, else the full browser) or {@code chromium-full}. */
    static boolean isLocalChromium(String kind) {
        return kind.equals("chromium") || kind.equals("chromium-full");
    }

    /** The binary a local Chromium kind runs, if it and chromedriver are installed. */
    static Optional<String> localBinary(String kind) {
        if (!Files.isExecutable(Path.of(CHROMEDRIVER))) {
            return Optional.empty();
        }
        List<String> choices = kind.equals("chromium-full") ? List.of(CHROMIUM) : List.of(CHROMIUM_SHELL, CHROMIUM);
        return choices.stream().filter(b -> Files.isExecutable(Path.of(b))).findFirst();
    }

    /** True when a local Chromium of this kind can be started (else HtmlUnit stands in). */
    public static boolean localChromiumInstalled(String kind) {
        return localBinary(kind).isPresent();
    }

    private static String describe(Capabilities caps) {
        String name = caps.getBrowserName();
        String pretty = name.equals("chrome") ? "Chromium" : name.equals("chrome-headless-shell") ? "Chromium headless shell" : name;
        return pretty + " " + caps.getBrowserVersion();
    }

    /** How long a page may take to load before the browser gives up on it. */
    public void pageLoadTimeout(Duration timeout) {
        try {
            driver.manage().timeouts().pageLoadTimeout(timeout);
        } catch (RuntimeException ignored) {
            // drivers without the setting keep their default
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Browser name and version, as the report shows it. */
    public String description() {
        return description;
    }

    /** False under the HtmlUnit fallback: checks that observe browser-engine behaviour must not PASS there. */
    public boolean isRealBrowser() {
        return real;
    }

    /**
     * A clean slate for the next check: a new tab in place of every tab and window the last check left (so no session
     * history, no popup, no script it had run on new documents, no device emulation), no cookies, no storage, a blank
     * page. Each check must see only its own navigation: a redirect of an earlier check's flow left in the history would
     * be read as this check's.
     */
    public void reset() {
        try {
            if (emulating) {
                BrowserEmulation.clear(driver);
                emulating = false;
            }
            if (real) {
                freshTab();
            }
            if (driver instanceof HasCdp chrome) {
                chrome.executeCdpCommand("Network.clearBrowserCookies", Map.of());
                chrome.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", "*", "storageTypes", "all"));
            } else {
                driver.manage().deleteAllCookies();
            }
            driver.get("about:blank");
        } catch (RuntimeException e) {
            driver.manage().deleteAllCookies();
        }
        dropNetworkEvents();
    }

    /**
     * Opens a new tab and closes every other tab and window, so that the next check starts with an empty session
     * history. Where the driver cannot (a grid without the command, say), the history is at least cleared in place.
     */
    private void freshTab() {
        try {
            java.util.Set<String> old = driver.getWindowHandles();
            String keep = driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB).getWindowHandle();
            for (String h : old) {
                if (!h.equals(keep)) {
                    driver.switchTo().window(h);
                    driver.close();
                }
            }
            driver.switchTo().window(keep);
        } catch (RuntimeException e) {
            try {
                for (String h : driver.getWindowHandles()) {
                    driver.switchTo().window(h);
                    break;
                }
                if (driver instanceof HasCdp chrome) {
                    chrome.executeCdpCommand("Page.resetNavigationHistory", Map.of());
                }
            } catch (RuntimeException ignored) {
                // the cookie and storage reset that follows still runs
            }
        }
    }

    /** Drops the network events logged so far (the last check's), unread. */
    private void dropNetworkEvents() {
        if (networkLog) {
            try {
                driver.manage().logs().get(org.openqa.selenium.logging.LogType.PERFORMANCE);
            } catch (RuntimeException e) {
                // no performance log here: nothing to drop
            }
        }
    }

    /**
     * Presents this browser as the same browser on a phone until {@link #reset()}: the User-Agent (and client hints)
     * it sends on Android, a phone's viewport and touch input (Chrome DevTools device emulation; the engine stays
     * this one). Returns a description of the profile, or empty when the browser offers no DevTools (HtmlUnit, a grid
     * browser without CDP).
     */
    public java.util.Optional<String> emulateMobile() {
        if (!real || !(driver instanceof HasCdp)) {
            return java.util.Optional.empty();
        }
        emulating = true;
        return BrowserEmulation.mobile(driver);
    }

    /**
     * The Chrome DevTools network events ({@code Network.*}: method and params) the browser logged since the last
     * call, oldest first; empty where the browser keeps no performance log (HtmlUnit, a grid without it).
     */
    public List<Map<String, Object>> networkEvents() {
        List<Map<String, Object>> events = new ArrayList<>();
        if (!networkLog) {
            return events;
        }
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (org.openqa.selenium.logging.LogEntry e : driver.manage().logs().get(org.openqa.selenium.logging.LogType.PERFORMANCE)) {
                Map<?, ?> outer = json.readValue(e.getMessage(), Map.class);
                if (outer.get("message") instanceof Map<?, ?> m && m.get("method") instanceof String method
                        && method.startsWith("Network.")) {
                    Map<String, Object> event = new java.util.LinkedHashMap<>();
                    event.put("method", method);
                    event.put("params", m.get("params") instanceof Map<?, ?> p ? p : Map.of());
                    events.add(event);
                }
            }
        } catch (RuntimeException | IOException e) {
            // no performance log here: the caller sees no events
        }
        return events;
    }

    /** One entry of a tab's session history: its DevTools id (grows with every new entry), URL, and transition type. */
    public record HistoryEntry(int id, String url, String transition, String typedUrl) {
        public HistoryEntry(int id, String url, String transition) {
            this(id, url, transition, "");
        }
    }

    /**
     * The current tab's session history (the entries Back and Forward walk: committed URLs, fragments included, redirect
     * hops not), oldest first, read through Chrome DevTools ({@code Page.getNavigationHistory}); empty when the browser
     * offers no DevTools commands here (HtmlUnit, a grid).
     */
    public java.util.Optional<List<HistoryEntry>> navigationHistory() {
        if (!(driver instanceof org.openqa.selenium.chromium.HasCdp chrome)) {
            return java.util.Optional.empty();
        }
        try {
            Map<String, Object> history = chrome.executeCdpCommand("Page.getNavigationHistory", Map.of());
            List<HistoryEntry> entries = new ArrayList<>();
            if (history.get("entries") instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> e && e.get("id") instanceof Number id) {
                        entries.add(new HistoryEntry(id.intValue(), String.valueOf(e.get("url")), String.valueOf(e.get("transitionType")),
                                e.get("userTypedURL") instanceof String typed ? typed : ""));
                    }
                }
            }
            return java.util.Optional.of(entries);
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Has the current tab run {@code source} at the start of every document it loads from now on, before the page's own
     * scripts ({@code Page.addScriptToEvaluateOnNewDocument}); false when the browser offers no DevTools commands here.
     */
    public boolean runOnNewDocuments(String source) {
        if (!(driver instanceof ChromeDriver chrome)) {
            return false;
        }
        try {
            chrome.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", source));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The cookies this browser would send to {@code uri} (HttpOnly ones included), read through Chrome DevTools
     * ({@code Network.getCookies}); empty when the browser offers no DevTools commands here (HtmlUnit, a grid).
     */
    public java.util.Optional<List<SignedInSessions.Cookie>> cookiesFor(java.net.URI uri) {
        if (!(driver instanceof ChromeDriver chrome)) {
            return java.util.Optional.empty();
        }
        try {
            Map<String, Object> answer = chrome.executeCdpCommand("Network.getCookies", Map.of("urls", List.of(uri.toString())));
            List<SignedInSessions.Cookie> cookies = new ArrayList<>();
            if (answer.get("cookies") instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> c && c.get("name") instanceof String name && c.get("value") instanceof String value) {
                        String domain = String.valueOf(c.get("domain"));
                        cookies.add(new SignedInSessions.Cookie(name, value, domain, !domain.startsWith("."),
                                c.get("path") instanceof String p ? p : "/", Boolean.TRUE.equals(c.get("secure")),
                                Boolean.TRUE.equals(c.get("httpOnly")), c.get("sameSite") instanceof String ss ? ss : null));
                    }
                }
            }
            return java.util.Optional.of(cookies);
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Gives this browser {@code cookies} (as {@link #cookiesFor} read them) through Chrome DevTools
     * ({@code Network.setCookies}): a session cookie each, for its host (or domain) and path. False where the browser
     * offers no DevTools commands (HtmlUnit, a grid) or refused them.
     */
    public boolean addCookies(List<SignedInSessions.Cookie> cookies) {
        if (!(driver instanceof HasCdp chrome) || !real) {
            return false;
        }
        List<Map<String, Object>> params = new ArrayList<>();
        for (SignedInSessions.Cookie c : cookies) {
            Map<String, Object> p = new java.util.LinkedHashMap<>();
            p.put("name", c.name());
            p.put("value", c.value());
            String host = c.domain().startsWith(".") ? c.domain().substring(1) : c.domain();
            if (c.hostOnly()) {
                p.put("url", (c.secure() ? "https://" : "http://") + host + (c.path() == null ? "/" : c.path()));
            } else {
                p.put("domain", c.domain());
            }
            p.put("path", c.path() == null || c.path().isEmpty() ? "/" : c.path());
            p.put("secure", c.secure());
            p.put("httpOnly", c.httpOnly());
            if (c.sameSite() != null) {
                p.put("sameSite", c.sameSite());
            }
            params.add(p);
        }
        try {
            chrome.executeCdpCommand("Network.setCookies", Map.of("cookies", params));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The User-Agent this browser sends, as its scripts see it; empty when it cannot be read. */
    public java.util.Optional<String> userAgent() {
        try {
            return driver instanceof org.openqa.selenium.JavascriptExecutor js
                    && js.executeScript("return navigator.userAgent") instanceof String ua ? java.util.Optional.of(ua)
                    : java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Saves a PNG of the current page into {@code dir}; empty when the driver cannot take one. */
    public java.util.Optional<Path> screenshot(Path dir, String name) {
        if (!(driver instanceof TakesScreenshot shooter)) {
            return java.util.Optional.empty();
        }
        try {
            byte[] png = shooter.getScreenshotAs(OutputType.BYTES);
            Files.createDirectories(dir);
            Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            Files.write(file, png);
            return java.util.Optional.of(file);
        } catch (RuntimeException | IOException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() {
        LIVE.remove(this);
        try {
            driver.quit();
        } catch (RuntimeException ignored) {
            // the browser may already be gone; nothing to keep
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp profile left behind is harmless
            }
        }
    }
}
