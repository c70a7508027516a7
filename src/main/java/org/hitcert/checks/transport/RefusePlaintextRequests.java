package org.hitcert.checks.transport;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HostPolicy;
import org.hitcert.support.Http;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Pkce;

/**
 * TLS-NO-PLAINTEXT: every endpoint (authorization, token, userinfo, introspection, revocation, registration, FHIR) is
 * asked the same request over {@code http://} on its own host and port (plaintext sent to the TLS port), and on the plain
 * port of its host: port 80 for an endpoint served on 443, unless the candidate file's claim {@code plaintext-port} names
 * another (or 0: none); an endpoint on another port gets only the claimed port, if any. The requests carry no real
 * credential (an invented code, an invented token, no client secret, no bearer token), so nothing is exposed even when the
 * endpoint answers. Refused: the connection refused, or a TLS-only answer (alert, close, reset, no HTTP status line), or a
 * redirect to https without processing. FAIL: the endpoint processed the request (see {@link PlaintextAnswer}), so a real
 * client's secret, code or token sent there would travel unencrypted. A time-out proves nothing: INCONCLUSIVE.
 */
public final class RefusePlaintextRequests implements Check {

    /** The candidate-file claim naming a plain-HTTP port the candidate's hosts listen on (e.g. 80 for redirects). */
    static final String PLAINTEXT_PORT_CLAIM = "plaintext-port";

    private static final Map<String, String> SOURCES = Map.of(
            "authorization", "RFC 6749 §3.1", "token", "RFC 6749 §3.2", "userinfo", "RFC 6750 §5.3, OIDC Core §16.17",
            "introspection", "RFC 7662 §4", "revocation", "RFC 7009 §2", "registration", "RFC 7591 §3",
            "fhir", "RFC 6750 §5.3");

    @Override
    public CheckInfo info() {
        return new CheckInfo("transport.plaintext.refused",
                "No endpoint processes a request sent over plain http",
                List.of("plaintext-port-unification"), List.of(), false).readsClaim(PLAINTEXT_PORT_CLAIM);
    }

    @Override
    public void run(CheckContext ctx) {
        Map<String, HttpRequestSpec> requests = requests(ctx);
        if (requests.isEmpty()) {
            throw new Inconclusive("the candidate names no https endpoint to try over http");
        }
        Long claimed = ctx.target().claims().get(PLAINTEXT_PORT_CLAIM);
        List<String> failures = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        for (Map.Entry<String, HttpRequestSpec> e : requests.entrySet()) {
            for (int port : ports(e.getValue().uri(), claimed)) {
                HttpRequestSpec plain = overHttp(e.getValue(), port);
                PlaintextAnswer answer;
                try {
                    answer = PlaintextAnswer.of(ctx.http().send(plain));
                } catch (Http.HttpFailure f) {
                    answer = PlaintextAnswer.failed(f);
                } catch (HostPolicy.HostNotAllowedException f) {
                    ctx.note("not tried", f.getMessage());
                    continue;
                }
                String where = e.getKey() + " (" + plain.method() + " " + plain.uri().getScheme() + "://"
                        + plain.uri().getRawAuthority() + plain.uri().getRawPath() + ")";
                if (answer.processed()) {
                    failures.add(where + " processed a plaintext request: " + answer.what());
                } else {
                    (answer.timedOut() ? undecided : refused).add(where + ": " + answer.what());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw fail(String.join("; ", failures) + ". Expected the connection refused, or a redirect to https without "
                    + "processing: TLS is required at every endpoint (" + sources(requests) + "), so a client's secret, code "
                    + "or token sent there would travel unencrypted");
        }
        if (!undecided.isEmpty()) {
            throw new Inconclusive("no refusal seen at " + String.join("; ", undecided) + " (refused elsewhere: " + refused.size()
                    + "); a time-out may be a filter, not a refusal: make the port refuse connections, or claim "
                    + PLAINTEXT_PORT_CLAIM + " (0 for none) in the candidate file");
        }
        if (refused.isEmpty()) {
            throw new Inconclusive("no endpoint could be tried over http (hosts not allowed)");
        }
        ctx.pass("no endpoint processed plaintext: " + String.join("; ", refused));
    }

    /**
     * The ports a plaintext request goes to for an endpoint at {@code u}: its own (plaintext to the TLS port), and the
     * host's plain port: {@code claimed} when the candidate file claims one (0: none), else 80 when the endpoint is on 443.
     */
    static List<Integer> ports(URI u, Long claimed) {
        List<Integer> ports = new ArrayList<>(List.of(port(u)));
        int plain = claimed != null ? claimed.intValue() : port(u) == 443 ? 80 : 0;
        if (plain > 0 && !ports.contains(plain)) {
            ports.add(plain);
        }
        return ports;
    }

    /** One request per endpoint, with no real credential in it. */
    private static Map<String, HttpRequestSpec> requests(CheckContext ctx) {
        Map<String, HttpRequestSpec> out = new LinkedHashMap<>();
        ClientSpec client = ctx.target().client("public").or(() -> ctx.target().clients().stream().findFirst()).orElse(null);
        String clientId = client == null ? "hitcert-plaintext-probe" : client.clientId();
        String redirect = (client == null || client.redirectUris().isEmpty() ? ctx.target().callback()
                : client.redirectUris().get(0)).toString();
        String invented = Pkce.random(32);
        ctx.target().endpoint("authorization").filter(RefusePlaintextRequests::https).ifPresent(u -> out.put("authorization",
                HttpRequestSpec.get(HttpRequestSpec.withQuery(u, "response_type", "code", "client_id", clientId,
                        "redirect_uri", redirect, "scope", "openid", "state", Pkce.random(16),
                        "code_challenge", Pkce.s256().challenge(), "code_challenge_method", "S256"))));
        ctx.target().endpoint("token").filter(RefusePlaintextRequests::https).ifPresent(u -> out.put("token",
                HttpRequestSpec.postForm(u, "grant_type", "authorization_code", "code", invented, "redirect_uri", redirect,
                        "client_id", clientId, "code_verifier", Pkce.random(32))));
        ctx.target().endpoint("userinfo").filter(RefusePlaintextRequests::https).ifPresent(u -> out.put("userinfo",
                HttpRequestSpec.get(u)));
        ctx.target().endpoint("introspection").filter(RefusePlaintextRequests::https).ifPresent(u -> out.put("introspection",
                HttpRequestSpec.postForm(u, "token", invented)));
        ctx.target().endpoint("revocation").filter(RefusePlaintextRequests::https).ifPresent(u -> out.put("revocation",
                HttpRequestSpec.postForm(u, "token", invented, "client_id", clientId)));
        ctx.target().endpoint("registration").filter(RefusePlaintextRequests::https).ifPresent(u -> out.put("registration",
                new HttpRequestSpec("POST", u, Map.of("Content-Type", "application/json"), "{}")));
        ctx.target().fhirBase().filter(RefusePlaintextRequests::https).ifPresent(u -> out.put("fhir",
                HttpRequestSpec.get(URI.create((u.toString().endsWith("/") ? u.toString() : u + "/") + "metadata"))
                        .withHeader("Accept", "application/fhir+json")));
        return out;
    }

    private static boolean https(URI u) {
        return "https".equalsIgnoreCase(u.getScheme()) && u.getHost() != null;
    }

    private static int port(URI u) {
        return u.getPort() > 0 ? u.getPort() : 443;
    }

    /** The same request with the scheme http and the port given (the path, query and body unchanged). */
    static HttpRequestSpec overHttp(HttpRequestSpec r, int port) {
        URI u = r.uri();
        String host = u.getHost().contains(":") ? "[" + u.getHost() + "]" : u.getHost();
        URI plain = URI.create("http://" + host + ":" + port + (u.getRawPath() == null ? "" : u.getRawPath())
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
        return new HttpRequestSpec(r.method(), plain, r.headers(), r.body());
    }

    private static String sources(Map<String, HttpRequestSpec> requests) {
        return requests.keySet().stream().map(k -> k + ": " + SOURCES.get(k)).reduce((a, b) -> a + "; " + b).orElse("");
    }
}
