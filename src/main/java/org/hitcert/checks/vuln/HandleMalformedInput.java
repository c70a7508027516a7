package org.hitcert.checks.vuln;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.ParamSpec;
import org.hitcert.support.Http;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Pkce;

/**
 * TSS-07 vulnerability testing, RFC 6819 §4 and RFC 9700 §4: each endpoint and parameter gets the hostile
 * values of the payload corpus (oversized, control characters, Unicode tricks, SQL/LDAP/template/CRLF
 * injection, markup, JSON and JWT shapes), and each endpoint gets malformed requests (wrong content types and
 * methods, malformed JSON and JWTs, duplicated and badly encoded parameters). PASS when no answer is a 5xx,
 * shows a stack trace or internal error, discloses a software version, or reflects the payload unescaped in
 * HTML; answers other than 4xx are listed as notes. INCONCLUSIVE when an endpoint's every answer was a throttle (429) or
 * none: how it handles the input was not seen. Bounded by {@code max-requests}; every request is evidence.
 */
public final class HandleMalformedInput implements Check {

    static final ParamSpec CORPUS = new ParamSpec("corpus", ParamSpec.Type.STRING, "fixtures/payloads/hostile-strings.txt",
            "the payload file (one value per line; see the file's header), relative to the working directory");
    static final ParamSpec MAX_REQUESTS = new ParamSpec("max-requests", ParamSpec.Type.INTEGER, 50,
            "the most requests this check sends (1 to 1000)");

    static final String MARKUP = "\"'><script>window.hitcertVuln=1</script>";

    record Case(String target, String payload, HttpRequestSpec request) {
    }

    @Override
    public CheckInfo info() {
        return new CheckInfo("vuln.malformed-input.handled",
                "Hostile and malformed input gets a clean 4xx: no 5xx, no stack trace, no version, no unescaped reflection",
                List.of("stack-trace-on-malformed-input", "xss-error-page"), List.of(CORPUS, MAX_REQUESTS), false);
    }

    @Override
    public void run(CheckContext ctx) throws Exception {
        Path corpusFile = Path.of(ctx.params().string(CORPUS));
        if (!Files.isRegularFile(corpusFile)) {
            throw new IllegalStateException("the payload corpus " + corpusFile.toAbsolutePath() + " does not exist (parameter "
                    + CORPUS.name() + ")");
        }
        List<String> payloads = PayloadCorpus.load(corpusFile);
        long max = Math.max(1, Math.min(1000, ctx.params().integer(MAX_REQUESTS)));
        List<Case> cases = cases(ctx, payloads);
        List<String> problems = new ArrayList<>();
        List<String> notFourXx = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        Map<String, Integer> assessed = new LinkedHashMap<>(); // per endpoint: answers that show the input was handled
        cases.stream().limit(max).forEach(c -> assessed.putIfAbsent(endpoint(c), 0));
        int throttled = 0;
        int sent = 0;
        for (Case c : cases) {
            if (sent >= max) {
                break;
            }
            sent++;
            String line = c.target() + " ← " + printable(c.payload());
            HttpExchange x;
            try {
                x = ctx.http().acceptingThrottles().send(c.request());
            } catch (Http.HttpFailure e) {
                tried.add(line + " → no answer");
                notFourXx.add(line + ": the connection ended without an answer");
                continue;
            }
            tried.add(line + " → " + x.status());
            if (x.status() == 429) {
                throttled++; // a throttle answers before the input is read: it shows nothing about its handling
                continue;
            }
            assessed.merge(endpoint(c), 1, Integer::sum);
            List<String> found = ResponseHygiene.problems(x.status(), x.headers(), x.body(), c.payload());
            if (!found.isEmpty()) {
                problems.add(line + ": " + String.join(", ", found));
            } else if (x.status() < 400 || x.status() >= 500) {
                notFourXx.add(line + ": " + x.status());
            }
        }
        ctx.note("hostile input tried (" + sent + " of " + cases.size() + " cases)", String.join("\n", tried));
        if (!notFourXx.isEmpty()) {
            ctx.note("answers other than 4xx (not failures by themselves)", String.join("\n", notFourXx));
        }
        if (!problems.isEmpty()) {
            throw fail(problems.size() + " of " + sent + " hostile or malformed requests were mishandled: "
                    + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                    + (problems.size() > 5 ? "; …" : "") + "; expected a well-formed 4xx error with no stack trace, no "
                    + "software version and no unescaped reflection (RFC 6819 §4, RFC 9700 §4)");
        }
        if (sent == 0) {
            throw new Inconclusive("no request could be built: the candidate states none of the probed endpoints");
        }
        List<String> unassessed = unassessed(assessed);
        if (!unassessed.isEmpty()) {
            throw new Inconclusive("no hostile or malformed request to " + unassessed + " was answered other than with a "
                    + "throttle (429: " + throttled + " of " + sent + ") or a dropped connection, so their handling of such input was not observed; run the check when the "
                    + "candidate does not throttle the suite's address");
        }
        int answered = assessed.values().stream().mapToInt(Integer::intValue).sum();
        ctx.pass(answered + " hostile or malformed requests to " + List.copyOf(assessed.keySet()) + " were answered with"
                + " no 5xx, stack trace, version or unescaped reflection (" + (sent - notFourXx.size() - throttled)
                + " answered 4xx" + (sent > answered ? "; " + (sent - answered) + " of " + sent
                + " sent got a throttle or no answer, and show nothing" : "") + ")");
    }

    /** The endpoint a case probes: the first word of its target ({@code token}, {@code fhir}, ...). */
    static String endpoint(Case c) {
        return c.target().replaceAll(" .*", "");
    }

    /**
     * The endpoints none of whose answers showed how they handle the input: every request to them was throttled (429) or
     * got no answer. A PASS over them would claim what was not seen.
     */
    static List<String> unassessed(Map<String, Integer> answersPerEndpoint) {
        return answersPerEndpoint.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList();
    }

    private List<Case> cases(CheckContext ctx, List<String> payloads) {
        var target = ctx.target();
        ClientSpec client = org.hitcert.checks.Checks.browserClient(target);
        String redirect = (client.redirectUris().isEmpty() ? target.callback() : client.redirectUris().get(0)).toString();
        Map<String, Function<String, HttpRequestSpec>> perParam = new LinkedHashMap<>();
        List<Case> structural = new ArrayList<>();
        target.endpoint("authorization").ifPresent(az -> {
            Function<Map<String, String>, URI> authz = over -> {
                Map<String, String> p = new LinkedHashMap<>();
                p.put("response_type", "code");
                p.put("client_id", client.clientId());
                p.put("redirect_uri", redirect);
                p.put("scope", client.scope());
                p.put("state", "hitcert-vuln");
                p.put("code_challenge", Pkce.s256().challenge());
                p.put("code_challenge_method", "S256");
                p.putAll(over);
                return HttpRequestSpec.withQuery(az, p.entrySet().stream()
                        .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new));
            };
            for (String param : List.of("client_id", "state", "scope", "redirect_uri")) {
                perParam.put("authorize " + param, v -> HttpRequestSpec.get(authz.apply(Map.of(param, v))));
            }
            structural.add(new Case("authorize PUT", "(wrong method)", new HttpRequestSpec("PUT", authz.apply(Map.of()), Map.of(), "")));
            structural.add(new Case("authorize POST", "(JSON body)", new HttpRequestSpec("POST", az,
                    Map.of("Content-Type", "application/json"), "{\"response_type\":\"code\",")));
            structural.add(new Case("authorize client_id", "(duplicated)", HttpRequestSpec.get(URI.create(
                    authz.apply(Map.of()) + "&client_id=hitcert-other"))));
            structural.add(new Case("authorize scope", "(invalid UTF-8 percent-encoding)", HttpRequestSpec.get(URI.create(
                    authz.apply(Map.of()) + "&scope=%C0%AF%FF%FE"))));
        });
        target.endpoint("token").ifPresent(tk -> {
            Function<String[], HttpRequestSpec> form = pairs -> HttpRequestSpec.postForm(tk, pairs);
            perParam.put("token code", v -> form.apply(new String[] {"grant_type", "authorization_code", "code", v,
                    "redirect_uri", redirect, "client_id", client.clientId(), "code_verifier", Pkce.s256().verifier()}));
            perParam.put("token grant_type", v -> form.apply(new String[] {"grant_type", v, "client_id", client.clientId()}));
            structural.add(new Case("token POST", "(malformed JSON body)", new HttpRequestSpec("POST", tk,
                    Map.of("Content-Type", "application/json"), "{\"grant_type\": \"authorization_code\", \"code\": ")));
            structural.add(new Case("token POST", "(text/plain body)", new HttpRequestSpec("POST", tk,
                    Map.of("Content-Type", "text/plain"), "grant_type=authorization_code&code=x")));
            structural.add(new Case("token POST", "(no Content-Type)", new HttpRequestSpec("POST", tk, Map.of(),
                    "grant_type=authorization_code&code=x")));
            structural.add(new Case("token GET", "(wrong method)", HttpRequestSpec.get(
                    HttpRequestSpec.withQuery(tk, "grant_type", "authorization_code", "code", "x"))));
            structural.add(new Case("token DELETE", "(wrong method)", new HttpRequestSpec("DELETE", tk, Map.of(), null)));
            structural.add(new Case("token POST", "(parameters in the URL query, empty body)", new HttpRequestSpec("POST",
                    HttpRequestSpec.withQuery(tk, "grant_type", "authorization_code", "code", "x", "client_id", client.clientId()),
                    Map.of("Content-Type", "application/x-www-form-urlencoded"), "")));
            structural.add(new Case("token grant_type", "(duplicated)", new HttpRequestSpec("POST", tk,
                    Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    "grant_type=authorization_code&grant_type=client_credentials&code=x&client_id=" + client.clientId())));
            structural.add(new Case("token form", "(bad percent-encoding)", new HttpRequestSpec("POST", tk,
                    Map.of("Content-Type", "application/x-www-form-urlencoded"), "grant_type=%zz&code=%")));
            for (String jwt : List.of("eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.", "e30.e30.e30.e30.e30",
                    "eyJhbGciOiJSUzI1NiJ9." + "A".repeat(4096) + ".x")) {
                structural.add(new Case("token client_assertion", "(malformed JWT " + jwt.substring(0, Math.min(jwt.length(), 24)) + ")",
                        HttpRequestSpec.postForm(tk, "grant_type", "client_credentials", "client_assertion_type",
                                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", jwt)));
            }
        });
        target.endpoint("introspection").ifPresent(in ->
                perParam.put("introspect token", v -> HttpRequestSpec.postForm(in, "token", v)));
        target.fhirBase().ifPresent(fhir -> {
            URI patient = URI.create(fhir.toString().replaceAll("/+$", "") + "/Patient");
            perParam.put("fhir Patient?name", v -> HttpRequestSpec.get(HttpRequestSpec.withQuery(patient, "name", v)));
            for (String jwt : List.of("eyJhbGciOiJub25lIn0.eyJzY29wZSI6InN5c3RlbS8qLioifQ.", "eyJ", "A".repeat(8192))) {
                structural.add(new Case("fhir Authorization", "(malformed bearer " + jwt.substring(0, Math.min(jwt.length(), 24)) + ")",
                        HttpRequestSpec.get(patient).withHeader("Authorization", "Bearer " + jwt)));
            }
            structural.add(new Case("fhir Patient POST", "(malformed JSON body)", new HttpRequestSpec("POST", patient,
                    Map.of("Content-Type", "application/fhir+json", "Authorization", "Bearer a.b.c"), "{\"resourceType\": \"Patient\",")));
        });
        // markup goes first to the parameters that authorization error pages show (reflected XSS)
        String markup = payloads.stream().filter(p -> p.contains("<script")).findFirst().orElse(MARKUP);
        for (String param : List.of("authorize client_id", "authorize redirect_uri")) {
            Function<String, HttpRequestSpec> build = perParam.get(param);
            if (build != null) {
                structural.add(new Case(param, markup, build.apply(markup)));
            }
        }
        return order(structural, payloads, new ArrayList<>(perParam.entrySet()));
    }

    /**
     * Structural cases first, then the payloads in rounds: round r sends payload i to parameter (i + r) mod P, so
     * that a bounded run tries every payload at least once, on different parameters, before any payload twice.
     */
    static List<Case> order(List<Case> structural, List<String> payloads,
                                List<Map.Entry<String, Function<String, HttpRequestSpec>>> params) {
        List<Case> cases = new ArrayList<>(structural);
        for (int round = 0; round < params.size(); round++) {
            for (int i = 0; i < payloads.size(); i++) {
                var target = params.get((i + round) % params.size());
                cases.add(new Case(target.getKey(), payloads.get(i), target.getValue().apply(payloads.get(i))));
            }
        }
        return cases;
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && Character.isISOControl(c)) || Character.isSurrogate(c) || c == 0x202e
                    || c == 0xfeff || c == 0xffff) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        String out = sb.toString();
        if (out.length() > 60 && out.chars().distinct().count() == 1) {
            return out.charAt(0) + " × " + s.length();
        }
        return out.length() > 80 ? out.substring(0, 80) + "… (" + s.length() + " chars)" : out;
    }
}
