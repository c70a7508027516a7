package org.hitcert.checks.code;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.ParamSpec;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Pkce;
import org.openqa.selenium.chromium.HasCdp;

/**
 * RFC 6749 §10.10 and RFC 6819 §5.1.4.2.2: authorization codes must not be guessable. Codes from a number of flows
 * (the browser session keeps the login, so later flows are quick) are examined for repeats, constant positions,
 * length and alphabet; an upper bound under 128 bits fails. Passing shows only that nothing visible is wrong: the
 * generator itself cannot be seen from outside.
 */
public final class EnsureCodeEntropy implements Check {

    static final ParamSpec SAMPLES = new ParamSpec("samples", ParamSpec.Type.INTEGER, 20,
            "how many authorization codes to collect (2..200)");

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.code.entropy",
                "Authorization codes show no repeats, no constant structure and room for 128 bits",
                List.of("low-entropy-codes", "uuid-codes", "short-alphabet-codes"), List.of(SAMPLES), true).sharesLogin()
                .browserFlowsPer(SAMPLES);
    }

    /** The browser's cookies for the authorization endpoint's host, as a Cookie header; "" when none can be read. */
    private static String sessionCookies(CheckContext ctx) {
        String host = ctx.target().endpoint("authorization").map(URI::getHost).orElse("");
        if (!(ctx.browser().driver() instanceof HasCdp cdp)) {
            return "";
        }
        try {
            Map<String, Object> all = cdp.executeCdpCommand("Network.getAllCookies", Map.of());
            StringBuilder header = new StringBuilder();
            if (all.get("cookies") instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> c && c.get("domain") instanceof String d && matches(host, d)) {
                        header.append(header.length() == 0 ? "" : "; ").append(c.get("name")).append('=').append(c.get("value"));
                    }
                }
            }
            return header.toString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static boolean matches(String host, String domain) {
        String d = domain.startsWith(".") ? domain.substring(1) : domain;
        return host.equalsIgnoreCase(d) || host.toLowerCase(java.util.Locale.ROOT).endsWith("." + d.toLowerCase(java.util.Locale.ROOT));
    }

    /** One authorization request in the existing session, sent over HTTP: the code from a redirect, if any. */
    private static Optional<String> overHttp(CheckContext ctx, ClientSpec client, String cookies) {
        Map<String, String> params = ctx.flow().standardParams(client, Pkce.random(16), Pkce.s256(), Pkce.random(16));
        URI endpoint = ctx.target().endpoint("authorization").orElseThrow();
        URI request = HttpRequestSpec.withQuery(endpoint, params.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new));
        HttpExchange x = ctx.http().send(HttpRequestSpec.get(request).withHeader("Cookie", cookies));
        String redirect = ctx.flow().redirectUri(client).toString();
        return x.header("Location").filter(l -> x.status() / 100 == 3 && l.startsWith(redirect))
                .map(l -> HttpRequestSpec.parseQuery(URI.create(l).getRawQuery()).get("code"));
    }

    @Override
    public void run(CheckContext ctx) {
        long samples = ctx.params().integer(SAMPLES);
        if (samples < 2 || samples > 200) {
            throw new IllegalArgumentException("samples must be 2..200, got " + samples);
        }
        ClientSpec client = Codes.browserClient(ctx);
        List<String> codes = new ArrayList<>();
        codes.add(Codes.fresh(ctx, client).param("code").get());
        // later flows reuse the browser's session over HTTP (no page to render); a browser flow when that gives no code
        String cookies = sessionCookies(ctx);
        String via = "the browser session over HTTP";
        while (codes.size() < samples) {
            Optional<String> code = cookies.isEmpty() ? Optional.empty() : overHttp(ctx, client, cookies);
            if (code.isEmpty()) {
                cookies = "";
                via = "browser flows";
            }
            codes.add(code.orElseGet(() -> Codes.fresh(ctx, client).param("code").get()));
        }
        ctx.note("how the codes were collected", "the first by a browser flow, the other " + (samples - 1) + " by " + via);
        CodeEntropy.weakness(codes).ifPresent(w -> {
            throw fail("authorization codes are guessable: " + w + " (RFC 6749 §10.10, RFC 6819 §5.1.4.2.2)");
        });
        ctx.pass(CodeEntropy.describe(codes) + " (at least " + CodeEntropy.REQUIRED_BITS + " needed), without repeats; this "
                + "bounds what the codes show, the generator itself cannot be seen from outside");
    }
}
