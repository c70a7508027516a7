package org.hitcert.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.support.Browser;
import org.hitcert.support.BrowserSession;
import org.hitcert.support.ClientAuth;
import org.hitcert.support.CodeFlow;
import org.hitcert.support.EvidenceLog;
import org.hitcert.support.Http;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Pkce;
import org.hitcert.support.Redactor;
import org.hitcert.support.ReferenceFlowRig;
import org.hitcert.support.Target;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The floor: one authorization-code flow (browser login at the reference, code at the callback, code redeemed for a
 * token) done N times by a bare Selenium + JDK HttpClient loop, and N times through the suite's support layer
 * ({@link CodeFlow} over {@link BrowserSession} and {@link Http}, evidence recorded, browser reset between flows as the
 * run does between checks). Both use the same Chromium; the ratio suite / bare is what the suite costs per flow.
 * {@code java -cp target/classes:target/test-classes:$(cat target/runtime-classpath.txt) org.hitcert.bench.FlowFloorBench [N]}
 */
public final class FlowFloorBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        try (ReferenceFlowRig rig = new ReferenceFlowRig()) {
            SSLContext tls = rig.tls;
            Redactor redactor = rig.redactor;
            Http http = rig.http;
            Target target = rig.target;
            ClientSpec client = rig.publicClient;
            UserSpec user = rig.defaultUser;
            Browser browser = rig.browser;
            Path shots = Files.createTempDirectory("hitcert-floor-");
            HttpClient jdk = HttpClient.newBuilder().sslContext(tls).build();
            // one warm-up of each, then interleaved rounds so both see the same machine load
            bare(browser.driver(), jdk, target, client, user);
            suite(browser, http, redactor, target, client, user, shots);
            RESETS.clear();
            List<Long> bareMs = new ArrayList<>();
            List<Long> suiteMs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                bareMs.add(bare(browser.driver(), jdk, target, client, user));
                suiteMs.add(suite(browser, http, redactor, target, client, user, shots));
            }
            double bare = median(bareMs);
            double suite = median(suiteMs);
            System.out.printf("bare Selenium + JDK HttpClient flow: median %.0f ms of %d %s%n", bare, n, bareMs);
            System.out.printf("suite CodeFlow (+ reset, evidence):  median %.0f ms of %d %s%n", suite, n, suiteMs);
            System.out.printf("  of which the browser reset between checks: median %.0f ms %s%n", median(RESETS), RESETS);
            System.out.printf("ratio suite / bare: %.2f%n", suite / bare);
        }
    }

    private static long suite(Browser browser, Http http, Redactor redactor, Target target, ClientSpec client, UserSpec user,
                              Path shots) {
        long start = System.nanoTime();
        EvidenceLog log = new EvidenceLog();
        Http recording = http.recordingInto(log);
        BrowserSession session = new BrowserSession(browser, log, redactor, shots);
        CodeFlow flow = new CodeFlow(target, recording, session, new ClientAuth(System::getenv, redactor), redactor,
                System::getenv, Duration.ofSeconds(10));
        CodeFlow.Authorization auth = flow.authorize(client, user, Map.of());
        String code = auth.param("code").orElseThrow(() -> new IllegalStateException("suite flow: no code"));
        HttpExchange token = flow.redeem(client, code, auth.redirectUri(), auth.pkce().verifier());
        if (token.status() != 200) {
            throw new IllegalStateException("suite flow: token " + token.status());
        }
        long flowEnd = System.nanoTime();
        browser.reset();
        RESETS.add((System.nanoTime() - flowEnd) / 1_000_000);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Time of each browser reset inside the suite's flows (part of the suite's figure, printed apart). */
    private static final List<Long> RESETS = new ArrayList<>();

    private static long bare(WebDriver driver, HttpClient jdk, Target target, ClientSpec client, UserSpec user) throws Exception {
        long start = System.nanoTime();
        Pkce pkce = Pkce.s256();
        String state = Pkce.random(16);
        URI redirect = client.redirectUris().isEmpty() ? target.callback() : client.redirectUris().get(0);
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", client.clientId());
        q.put("redirect_uri", redirect.toString());
        q.put("scope", client.scope());
        q.put("state", state);
        q.put("code_challenge", pkce.challenge());
        q.put("code_challenge_method", "S256");
        q.put("nonce", Pkce.random(16));
        q.put("aud", target.fhirBase().orElseThrow().toString());
        driver.get(target.endpoint("authorization").orElseThrow() + "?" + form(q));
        String password = user.password().resolve(System::getenv).orElseThrow();
        for (LoginStep step : target.login()) {
            if (driver.getCurrentUrl().startsWith(redirect.toString())) {
                break;
            }
            List<WebElement> found = driver.findElements(By.cssSelector(step.selector()));
            long until = System.nanoTime() + 10_000_000_000L;
            while (found.isEmpty() && !step.optional() && System.nanoTime() < until) {
                Thread.sleep(50);
                found = driver.findElements(By.cssSelector(step.selector()));
            }
            if (found.isEmpty()) {
                continue;
            }
            switch (step.action()) {
                case FILL -> found.get(0).sendKeys(step.value().replace("${user.username}", user.username())
                        .replace("${user.password}", password));
                case CLICK -> found.get(0).click();
                case WAIT_FOR -> { }
            }
        }
        long until = System.nanoTime() + 10_000_000_000L;
        while (!driver.getCurrentUrl().startsWith(redirect.toString()) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        String query = URI.create(driver.getCurrentUrl()).getRawQuery();
        String code = java.util.Arrays.stream(query.split("&")).filter(p -> p.startsWith("code="))
                .map(p -> java.net.URLDecoder.decode(p.substring(5), StandardCharsets.UTF_8)).findFirst().orElseThrow();
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", redirect.toString());
        body.put("code_verifier", pkce.verifier());
        body.put("client_id", client.clientId());
        HttpResponse<String> token = jdk.send(HttpRequest.newBuilder(target.endpoint("token").orElseThrow())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(body))).build(), HttpResponse.BodyHandlers.ofString());
        if (token.statusCode() != 200) {
            throw new IllegalStateException("bare flow: token " + token.statusCode() + " " + token.body());
        }
        if (driver instanceof ChromeDriver chrome) {
            chrome.executeCdpCommand("Network.clearBrowserCookies", Map.of()); // a fresh login next time, as the suite
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String form(Map<String, String> m) {
        return m.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static double median(List<Long> xs) {
        List<Long> s = xs.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2.0;
    }
}
