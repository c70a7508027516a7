package org.hitcert.init;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The starter candidate file {@code init} writes: what the server published, the profiles it appears to support (each
 * with why), the proposed login steps, and TODO lines for what only the tester knows. It loads as it is (the TODO values
 * are placeholders the loader accepts), so that {@code doctor} can say at once what still fails.
 */
public final class StarterFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The suite's default loopback callback, as the README's examples use it. */
    public static final URI DEFAULT_CALLBACK = URI.create("http://127.0.0.1:8766/callback");

    /** What the tester gave on the command line, besides the issuer. */
    public record Given(URI issuer, Optional<URI> fhirBase, Optional<String> trustAnchor, URI callback, Optional<String> clientId,
                        List<String> allowedHosts) {
    }

    private final Published published;
    private final Given given;
    private final Optional<LoginPage.Reading> login;
    private final String loginWhy;
    private final List<String> lines = new ArrayList<>();
    private int todos;

    private StarterFile(Published published, Given given, Optional<LoginPage.Reading> login, String loginWhy) {
        this.published = published;
        this.given = given;
        this.login = login;
        this.loginWhy = loginWhy;
    }

    /**
     * The file's text. {@code login} is the reading of the login page, or empty with {@code loginWhy} saying why there is
     * none (no authorization endpoint, no browser).
     */
    public static StarterFile of(Published published, Given given, Optional<LoginPage.Reading> login, String loginWhy) {
        StarterFile f = new StarterFile(published, given, login, loginWhy);
        f.write();
        return f;
    }

    public String text() {
        return String.join("\n", lines) + "\n";
    }

    /** The TODO lines the tester must complete. */
    public int todos() {
        return todos;
    }

    private void line(String s) {
        lines.add(s);
    }

    private void todo(String s) {
        lines.add(s);
        todos++;
    }

    static String q(String s) {
        try {
            return JSON.writeValueAsString(s); // a JSON string is a YAML double-quoted scalar
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void write() {
        line("# Starter candidate file written by ./run-suite.sh init from what " + given.issuer() + " publishes.");
        line("# Complete the TODO lines, then: ./run-suite.sh doctor --candidate THIS-FILE (a preflight of about 20 s), then a run.");
        line("# Secrets never go in this file: ${env:NAME} reads them from the environment at run time.");
        line("hitcert-candidate: 1");
        line("name: " + q(given.issuer().getHost()));
        line("issuer: " + q(given.issuer().toString()));
        published.issuerMismatch().ifPresent(m -> todo("# TODO: " + m + ": the issuer above must be exactly the one the server names"));
        given.fhirBase().ifPresent(f -> line("fhir-base: " + q(f.toString())));
        if (given.fhirBase().isEmpty()) {
            todo("# TODO: fhir-base: \"https://...\"   # the FHIR API the tokens protect (init --fhir-base reads its SMART configuration)");
        }
        line("allowed-hosts: [" + String.join(", ", given.allowedHosts().stream().map(StarterFile::q).toList()) + "]"
                + "   # the suite talks to no other host");
        given.trustAnchor().ifPresent(t -> line("trust-anchor: " + q(t) + "   # PEM of the CA that issued the server's certificate"));
        line("callback: " + q(given.callback().toString()) + "   # the suite listens here; register it as a redirect URI of every browser client");
        endpoints();
        clients();
        users();
        login();
        claims();
        profiles();
        samples();
    }

    /** Endpoints from discovery are read again at run time; written out only where no discovery document lists them. */
    private void endpoints() {
        boolean discovered = published.openid().found() || published.oauth().found();
        String[][] names = {{"authorization", "authorization_endpoint"}, {"token", "token_endpoint"}, {"jwks", "jwks_uri"},
                {"userinfo", "userinfo_endpoint"}, {"introspection", "introspection_endpoint"}, {"revocation", "revocation_endpoint"},
                {"registration", "registration_endpoint"}};
        line(discovered ? "# endpoints: read from the discovery document at run time; uncomment one to override it" : "endpoints:"
                + "   # from the SMART configuration (no discovery document was served)");
        for (String[] n : names) {
            Optional<String> v = published.endpoint(n[1]);
            if (v.isPresent()) {
                line((discovered ? "#   " : "  ") + n[0] + ": " + q(v.get()));
            }
        }
        List<String> advertised = new ArrayList<>();
        if (published.endpoint("pushed_authorization_request_endpoint").isPresent()) {
            advertised.add("PAR (pushed_authorization_request_endpoint)");
        }
        if (!published.listed("dpop_signing_alg_values_supported").isEmpty()) {
            advertised.add("DPoP (dpop_signing_alg_values_supported " + published.listed("dpop_signing_alg_values_supported") + ")");
        }
        if (!advertised.isEmpty()) {
            line("# also advertised: " + String.join(", ", advertised));
        }
    }

    private void clients() {
        List<String> methods = published.lists("token_endpoint_auth_methods_supported")
                ? published.listed("token_endpoint_auth_methods_supported") : List.of("client_secret_basic"); // RFC 8414 §2 default
        List<String> pkce = published.listed("code_challenge_methods_supported");
        String scope = scope();
        line("# token_endpoint_auth_methods_supported: " + methods + (published.lists("token_endpoint_auth_methods_supported")
                ? "" : " (absent: RFC 8414's default)") + "; code_challenge_methods_supported: "
                + (pkce.isEmpty() ? "absent" : pkce));
        line("clients:");
        line("  - role: public                        # a browser app without a secret (PKCE)");
        todo("    client-id: " + q(given.clientId().orElse("TODO-public-client-id")) + (given.clientId().isPresent() ? "" : "   # TODO"));
        line("    auth-method: none" + (methods.contains("none") ? "" : "   # 'none' is not advertised: if the server has no public"
                + " clients, give this client's role to a confidential one (roles: [public, confidential])"));
        line("    scope: " + q(scope));
        String confidential = methods.contains("client_secret_basic") ? "client_secret_basic"
                : methods.contains("client_secret_post") ? "client_secret_post" : null;
        if (confidential != null) {
            line("  - role: confidential                  # a server-side app with a secret");
            todo("    client-id: \"TODO-confidential-client-id\"   # TODO");
            line("    auth-method: " + confidential);
            line("    secret: ${env:HITCERT_CONFIDENTIAL_SECRET}   # export it before the run");
            line("    scope: " + q(scope));
        }
        if (methods.contains("private_key_jwt")) {
            boolean backend = published.listed("grant_types_supported").contains("client_credentials")
                    || published.listed("capabilities").contains("client-confidential-asymmetric");
            line("  # private_key_jwt is advertised" + (backend ? " (and client_credentials or SMART backend services)" : "")
                    + ": a client that signs JWT assertions; uncomment with its key (PEM or JWK file)");
            todo("  # - role: " + (backend ? "backend" : "confidential-jwt") + "   # TODO");
            line("  #   client-id: \"TODO\"");
            line("  #   auth-method: private_key_jwt");
            line("  #   private-key: file:TODO-private-key.pem");
            line("  #   scope: " + q(backend ? "system/*.rs" : scope));
        }
        todo("  # TODO: a second public client (role: second) lets the cross-client checks run (codes and tokens bound to"
                + " their client)");
    }

    /** openid and the SMART patient scopes the server lists, else openid alone. */
    private String scope() {
        List<String> listed = published.listed("scopes_supported");
        List<String> pick = new ArrayList<>();
        for (String s : List.of("openid", "fhirUser", "launch/patient", "offline_access")) {
            if (listed.contains(s)) {
                pick.add(s);
            }
        }
        // a SMART v2 read-and-search scope over every type, else its v1 form
        listed.stream().filter(s -> s.startsWith("patient/") && s.endsWith(".rs")).findFirst()
                .or(() -> listed.stream().filter(s -> s.startsWith("patient/") && s.endsWith(".read")).findFirst()).ifPresent(pick::add);
        return pick.isEmpty() ? "openid" : String.join(" ", pick);
    }

    private void users() {
        line("users:");
        line("  - role: default                       # a test user whose patient is patient-a below");
        todo("    username: \"TODO-username\"   # TODO");
        line("    password: ${env:HITCERT_USER_PASSWORD}");
        line("  - role: other                         # another test user (patient B), for the cross-patient checks");
        todo("    username: \"TODO-other-username\"   # TODO");
        line("    password: ${env:HITCERT_OTHER_PASSWORD}");
    }

    private void login() {
        if (login.isPresent() && login.get().found()) {
            LoginPage.Reading r = login.get();
            line("login:                                  # read from the page at " + r.landedAt() + " (nothing was typed)");
            for (LoginPage.Step s : r.steps()) {
                String step = "  - " + s.action() + ": " + q(s.selector()) + (s.action().equals("fill") ? "\n    value: "
                        + q(s.value()) : "");
                if (s.unmatched()) {
                    todo(step + "   # TODO: no selector matched this element alone");
                } else {
                    line(step);
                }
            }
            if (r.steps().stream().noneMatch(s -> s.value().equals("${user.password}"))) {
                todo("  # TODO: the page asked for the username alone: add the next page's password fill and click steps");
            }
        } else {
            String why = login.map(r -> r.atCallback() ? "the authorization endpoint sent the browser straight to the callback"
                    + " (no login page)" : "no login form at " + r.landedAt() + (r.says().isBlank() ? "" : "; the page says \""
                    + r.says() + "\"")).orElse(loginWhy);
            line("login:                                  # " + why);
            todo("  - fill: \"TODO-username-selector\"   # TODO: " + (given.clientId().isEmpty()
                    ? "run init again with --client-id ID (a registered client) to read the login form" : "the login form's fields"));
            line("    value: \"${user.username}\"");
            line("  - fill: \"TODO-password-selector\"");
            line("    value: \"${user.password}\"");
            line("  - click: \"TODO-submit-selector\"");
        }
        todo("  # TODO: the consent page, if the server shows one after login (doctor says whether it does):");
        line("  # - click: \"#approve\"");
        line("  #   optional: true");
        line("  #   consent: true");
    }

    private void claims() {
        line("claims: {}");
        todo("  # TODO: code-lifetime-seconds: N   # how long the server's codes live, in seconds (none: they never expire);"
                + " unstated, TK-CODE-TTL is not assessed");
    }

    private void profiles() {
        List<String> claimed = new ArrayList<>();
        List<String> why = new ArrayList<>();
        if (published.smart().found()) {
            claimed.add("smart");
            why.add("smart: " + published.smart().url() + " is served" + (published.smart().list("capabilities").isEmpty() ? ""
                    : " (capabilities " + published.smart().list("capabilities") + ")"));
        } else if (published.listed("scopes_supported").stream().anyMatch(s -> s.startsWith("patient/") || s.startsWith("launch"))) {
            claimed.add("smart");
            why.add("smart: SMART scopes are listed in scopes_supported, though no SMART configuration was read ("
                    + published.smart().why() + ")");
        } else {
            why.add("not smart: no SMART configuration (" + published.smart().why() + ") and no SMART scopes listed");
        }
        List<String> methods = published.listed("token_endpoint_auth_methods_supported");
        if (methods.contains("private_key_jwt")) {
            why.add("heart: possible (private_key_jwt is advertised) but not claimed: HEART wants private_key_jwt for every"
                    + " client and JWT access tokens; add it if the deployment follows HEART");
        } else {
            why.add("not heart: private_key_jwt is not advertised, and HEART requires it for every client");
        }
        line("profiles: [" + String.join(", ", claimed) + "]   # the plan profiles claimed; requirements of others are NOT_APPLICABLE");
        why.forEach(w -> line("  # " + w));
    }

    private void samples() {
        if (given.fhirBase().isEmpty()) {
            return;
        }
        line("fhir-samples:                           # FHIR ids of the test users' data (the checks search for what is left out)");
        todo("  patient-a: \"TODO\"   # TODO: the default user's Patient id");
        todo("  patient-b: \"TODO\"   # TODO: the other user's Patient id");
    }
}
