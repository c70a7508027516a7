package org.hitcert.checks.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.Checks;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.ClientAuth;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Redactor;

/** Token-endpoint, introspection and revocation calls shared by the token-area checks. Never quotes a token value. */
final class TokenCalls {

    private final CheckContext ctx;
    private final ClientAuth auth;

    TokenCalls(CheckContext ctx) {
        this.ctx = ctx;
        // the run registered every client secret and key with its redactor at start; new tokens are masked by shape
        this.auth = new ClientAuth(System::getenv, new Redactor());
    }

    URI token() {
        return ctx.target().endpoint("token").orElseThrow(() -> new Inconclusive("the candidate states no token endpoint"));
    }

    /** The endpoint of {@code role} (introspection, revocation); NOT_APPLICABLE when the metadata names none. */
    URI endpoint(String role, String metadataMember) {
        return ctx.target().endpoint(role).orElseThrow(() -> new NotApplicable("the candidate's metadata names no "
                + metadataMember));
    }

    /** A POST of {@code form} to {@code uri}, authenticated as {@code client} by its registered method. */
    HttpExchange post(ClientSpec client, URI uri, String... form) {
        // issue 18 A5, A6: a private_key_jwt assertion adapts to the aud and client_id the server accepts (AssertionForms);
        // at introspection and revocation the client first shows it authenticates there (never grade a failed one)
        if (!uri.equals(token())) {
            auth.authenticatesAt(ctx.http(), ctx.target(), client, uri).ifPresent(why -> {
                throw new Inconclusive(why + ", so the endpoint's answers would grade the suite's failed client "
                        + "authentication, not the endpoint");
            });
        }
        return auth.send(ctx.http(), ctx.target(), client, uri, form);
    }

    /** As {@link #post} to the token endpoint, returning a throttled answer (429) instead of ending the check on it. */
    HttpExchange postAcceptingThrottles(ClientSpec client, String... form) {
        return auth.send(ctx.http().acceptingThrottles(), ctx.target(), client, token(), form);
    }

    /**
     * The backend client (client_credentials): a private_key_jwt one with its key where the candidate file names one
     * (SMART Backend Services), else one that authenticates with its client secret. These checks judge the tokens and the
     * endpoints, not the SMART profile, so a deployment whose only backend client uses a secret is assessed too
     * (django-oauth-toolkit: no private_key_jwt at all). When the file names none: NOT_APPLICABLE only where the metadata
     * leaves client_credentials out of grant_types_supported, else "not assessed".
     */
    ClientSpec backend() {
        Optional<ClientSpec> jwt = ctx.target().clientFor("backend",
                c -> c.authMethod().equals("private_key_jwt") && c.privateKey().isPresent(), false);
        if (jwt.isPresent()) {
            return Checks.used(ctx, jwt.get(), "client_credentials with a private_key_jwt assertion");
        }
        Optional<ClientSpec> secret = ctx.target().clientFor("backend", c -> SECRET_METHODS.contains(c.authMethod())
                && c.secret().isPresent(), false);
        if (secret.isPresent()) {
            return Checks.used(ctx, secret.get(), "client_credentials with its client secret (" + secret.get().authMethod()
                    + "); the candidate file names no private_key_jwt backend client with a key");
        }
        Optional<JsonNode> grants = ctx.target().discovery().map(d -> d.get("grant_types_supported")).filter(JsonNode::isArray);
        if (grants.isPresent() && !Checks.arrayContains(ctx.target().discovery().get(), "grant_types_supported",
                "client_credentials")) {
            throw new NotApplicable("grant_types_supported " + grants.get() + " does not list client_credentials");
        }
        throw Checks.noClient("backend", "a backend client (client_credentials) with a private key or a client secret");
    }

    private static final List<String> SECRET_METHODS = List.of("client_secret_basic", "client_secret_post");

    /** The request {@code form} to the token endpoint, authenticated as {@code client} (a fresh assertion each time). */
    HttpRequestSpec tokenRequest(ClientSpec client, String... form) {
        return auth.tokenRequest(client, token(), form);
    }

    HttpExchange clientCredentials(ClientSpec client, String scope) {
        List<String> form = new ArrayList<>(List.of("grant_type", "client_credentials"));
        if (scope != null) {
            form.addAll(List.of("scope", scope));
        }
        return post(client, token(), form.toArray(String[]::new));
    }

    /** A backend access token response; INCONCLUSIVE when none is issued. */
    JsonNode backendTokens() {
        ClientSpec backend = backend();
        HttpExchange x = clientCredentials(backend, backend.scope());
        return x.json().filter(j -> x.status() == 200 && j.hasNonNull("access_token")).orElseThrow(() -> new Inconclusive(
                "the backend client got no access token (" + x.summary() + ")"));
    }

    /** A fresh code flow for {@code client} and the default user, redeemed; INCONCLUSIVE when it yields no token. */
    JsonNode userTokens(ClientSpec client, Map<String, String> overrides) {
        Authorization a = authorize(client, overrides);
        HttpExchange x = ctx.flow().redeem(client, a.param("code").orElseThrow(), a.redirectUri(), a.pkce().verifier());
        return x.json().filter(j -> x.status() == 200 && j.hasNonNull("access_token")).orElseThrow(() -> new Inconclusive(
                "the code did not redeem for an access token (" + x.summary() + ")"));
    }

    /** A fresh code flow for {@code client} and the default user, up to the code; INCONCLUSIVE when it gives none. */
    Authorization authorize(ClientSpec client, Map<String, String> overrides) {
        Authorization a = ctx.flow().authorize(client, ctx.target().user("default")
                .orElseThrow(() -> new Inconclusive("no default test user")), overrides);
        if (a.param("code").isEmpty()) {
            throw new Inconclusive("the code flow gave no code (" + (a.redirected() ? "response " + a.response().keySet()
                    : "stopped at " + a.landedAt()) + ")");
        }
        return a;
    }

    ClientSpec publicClient() {
        return ctx.target().client("public").filter(c -> c.authMethod().equals("none"))
                .orElseThrow(() -> Checks.noClient("public", "a public client (auth-method none)"));
    }

    /**
     * A fresh grant with a refresh token, and whose it is (issue 18 A7: refresh tokens from any client that gets them).
     *
     * @param publicWithheld the observation that the server withholds refresh tokens from public clients (the public
     *                       client's code flow gave none where a confidential client's did); empty otherwise
     */
    record RefreshGrant(ClientSpec client, JsonNode tokens, Optional<String> publicWithheld) {

        String refreshToken() {
            return tokens.get("refresh_token").asText();
        }

        boolean isPublic() {
            return client.authMethod().equals("none");
        }

        /** "the public client reference-public", for reasons. */
        String whose() {
            return "the " + (isPublic() ? "public" : "confidential") + " client " + client.clientId();
        }

        /** NOT_APPLICABLE for a row about public clients' refresh tokens, when the server withholds them by policy. */
        void requirePublic(String row) {
            if (publicWithheld.isPresent()) {
                throw new NotApplicable(row + " concerns public clients' refresh tokens, and the server issues none to public "
                        + "clients: " + publicWithheld.get());
            }
        }
    }

    /** The code-flow clients refresh tokens are asked for, in order: the public client, then a confidential one. */
    List<ClientSpec> refreshCandidates() {
        List<ClientSpec> out = new ArrayList<>();
        ctx.target().client("public").filter(c -> c.authMethod().equals("none")).ifPresent(out::add);
        confidentialCodeClient().ifPresent(out::add);
        return out;
    }

    /** The clients that do the code flow (a redirect URI, not a backend role, a key where they sign assertions). */
    List<ClientSpec> codeClients() {
        return ctx.target().clients().stream().filter(c -> !c.role().startsWith("backend") && !c.redirectUris().isEmpty()
                && (!c.authMethod().equals("private_key_jwt") || c.privateKey().isPresent())).toList();
    }

    /** A confidential client that does the code flow: the "confidential" role, else another authenticating code client. */
    Optional<ClientSpec> confidentialCodeClient() {
        return ctx.target().client("confidential").filter(c -> !c.authMethod().equals("none"))
                .filter(c -> !c.authMethod().equals("private_key_jwt") || c.privateKey().isPresent())
                .or(() -> codeClients().stream().filter(c -> !c.authMethod().equals("none")).findFirst());
    }

    /**
     * The first of {@link #refreshCandidates()} whose fresh code flow gives a refresh token, saying which in the evidence;
     * INCONCLUSIVE when none does.
     */
    RefreshGrant refreshGrant() {
        return refreshGrant(refreshCandidates(), List.of());
    }

    /** Empty when {@code client} authenticates at {@code endpoint} ({@link ClientAuth#authenticatesAt}), else why not. */
    Optional<String> authenticatesAt(ClientSpec client, URI endpoint) {
        return auth.authenticatesAt(ctx.http(), ctx.target(), client, endpoint);
    }

    /**
     * As {@link #refreshGrant()}, from the candidates that authenticate at {@code endpoint} (revocation: a server may let
     * only authenticating clients revoke, RFC 7009 §2.1), saying which were passed over and why.
     */
    RefreshGrant refreshGrantAuthenticatingAt(URI endpoint) {
        List<ClientSpec> able = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        for (ClientSpec c : refreshCandidates()) {
            Optional<String> why = authenticatesAt(c, endpoint);
            if (why.isEmpty()) {
                able.add(c);
            } else {
                passed.add(why.get());
            }
        }
        if (!passed.isEmpty()) {
            ctx.note("clients passed over", String.join("; ", passed));
        }
        return refreshGrant(able, passed);
    }

    private RefreshGrant refreshGrant(List<ClientSpec> candidates, List<String> passedOver) {
        List<String> none = new ArrayList<>(passedOver);
        for (ClientSpec client : candidates) {
            JsonNode t = userTokens(client, Map.of());
            if (t.hasNonNull("refresh_token")) {
                boolean isPublic = client.authMethod().equals("none");
                Optional<String> withheld = !isPublic && none.stream().anyMatch(n -> n.startsWith("public"))
                        ? Optional.of(none.get(0) + ", while the confidential client " + client.clientId() + "'s did")
                        : Optional.empty();
                ctx.note("refresh token", "taken from the " + (isPublic ? "public" : "confidential") + " client "
                        + client.clientId() + withheld.map(w -> " (" + w + ")").orElse(""));
                return new RefreshGrant(client, t, withheld);
            }
            none.add((client.authMethod().equals("none") ? "public" : "confidential") + " client " + client.clientId()
                    + "'s code flow (scope '" + client.scope() + "') gave no refresh token");
        }
        throw new Inconclusive(none.isEmpty() ? "the candidate file names no public or confidential client for the code flow"
                : String.join("; ", none));
    }

    /** {@code client}'s tokens from a fresh code flow when they carry a refresh token; empty otherwise. */
    Optional<RefreshGrant> refreshGrantOf(ClientSpec client) {
        JsonNode t = userTokens(client, Map.of());
        return t.hasNonNull("refresh_token") ? Optional.of(new RefreshGrant(client, t, Optional.empty())) : Optional.empty();
    }

    HttpExchange refresh(ClientSpec client, String refreshToken, String... extra) {
        List<String> form = new ArrayList<>(List.of("grant_type", "refresh_token", "refresh_token", refreshToken));
        form.addAll(List.of(extra));
        return post(client, token(), form.toArray(String[]::new));
    }

    /** A client that may introspect: the confidential client, else the backend client. */
    ClientSpec introspector() {
        return introspectorIfAny().orElseThrow(() -> new Inconclusive(
                "no confidential or backend client to authenticate introspection with"));
    }

    /**
     * The client to introspect a token of {@code owner} with: the owner itself when it authenticates there (a server may let a
     * client introspect only its own tokens, and RFC 7662 §2.2 has it answer active:false for a token the caller may not
     * introspect), else {@link #introspector()}.
     */
    ClientSpec introspectorOf(ClientSpec owner) {
        boolean authenticates = !owner.authMethod().equals("none")
                && (!owner.authMethod().equals("private_key_jwt") || owner.privateKey().isPresent())
                && authenticatesAt(owner, endpoint("introspection", "introspection_endpoint")).isEmpty();
        return authenticates ? owner : introspector();
    }

    private Optional<ClientSpec> introspectorIfAny() {
        return ctx.target().clientFor("confidential", c -> !c.authMethod().equals("none"), false)
                .or(() -> ctx.target().clientFor("backend", c -> c.privateKey().isPresent(), false));
    }

    HttpExchange introspect(ClientSpec client, String token, String... extra) {
        List<String> form = new ArrayList<>(List.of("token", token));
        form.addAll(List.of(extra));
        return post(client, endpoint("introspection", "introspection_endpoint"), form.toArray(String[]::new));
    }

    /** Whether an authorized introspection says the token is active; empty when the answer is not a JSON object. */
    Optional<Boolean> active(String token) {
        return active(introspector(), token);
    }

    private Optional<Boolean> active(ClientSpec introspector, String token) {
        HttpExchange x = introspect(introspector, token);
        return x.json().filter(j -> x.status() == 200 && j.has("active")).map(j -> j.get("active").asBoolean(false));
    }

    HttpExchange revoke(ClientSpec client, String token, String... extra) {
        List<String> form = new ArrayList<>(List.of("token", token));
        form.addAll(List.of(extra));
        return post(client, endpoint("revocation", "revocation_endpoint"), form.toArray(String[]::new));
    }

    /** A GET of a FHIR resource with {@code accessToken}; the status tells whether the token works. */
    HttpExchange fhirRead(String accessToken, JsonNode tokens) {
        URI base = ctx.target().fhirBase().orElseThrow(() -> new Inconclusive("the candidate names no FHIR base"));
        String b = base.toString().endsWith("/") ? base.toString() : base + "/";
        URI resource = tokens != null && tokens.hasNonNull("patient") ? URI.create(b + "Patient/" + tokens.get("patient").asText())
                : URI.create(b + "Patient");
        return ctx.http().get(resource, "Authorization", "Bearer " + accessToken, "Accept", "application/fhir+json");
    }

    /** Whether an access token worked, and what showed it (never the token itself). */
    record Use(boolean alive, String seen) {
    }

    /**
     * Whether {@code accessToken} still works: the FHIR API's answer decides (200 alive, 401 dead), as that is where a
     * token is used; else an authorized introspection (active); else userinfo (200 alive, 401 dead). Empty when none
     * of them can tell.
     */
    Optional<Boolean> usable(String accessToken, JsonNode tokens) {
        return use(accessToken, tokens).map(Use::alive);
    }

    /** {@link #usable}, for a token of {@code owner}: introspection asks with the owner where it authenticates there. */
    Optional<Boolean> usable(String accessToken, JsonNode tokens, ClientSpec owner) {
        return useOf(accessToken, tokens, owner).map(Use::alive);
    }

    /** {@link #usable(String, JsonNode, ClientSpec)}, saying which endpoint told. */
    Optional<Use> useOf(String accessToken, JsonNode tokens, ClientSpec owner) {
        // only the owner's own active:false is final; another client's defers to userinfo, as when the owner is unknown
        boolean ownerAsks = introspectorOf(owner).clientId().equals(owner.clientId());
        return use(accessToken, tokens, ownerAsks ? owner : null);
    }

    /** {@link #usable}, saying which endpoint told. */
    Optional<Use> use(String accessToken, JsonNode tokens) {
        return use(accessToken, tokens, null);
    }

    private Optional<Use> use(String accessToken, JsonNode tokens, ClientSpec introspectWith) {
        String fhirStatus = "";
        if (ctx.target().fhirBase().isPresent()) {
            HttpExchange x = fhirRead(accessToken, tokens);
            if (x.status() == 200 || x.status() == 401) {
                return Optional.of(new Use(x.status() == 200, "FHIR " + x.request().uri() + " → " + x.status()));
            }
            fhirStatus = "FHIR " + x.status() + ", ";
        }
        Optional<Use> introspected = Optional.empty();
        if (ctx.target().endpoint("introspection").isPresent() && (introspectWith != null || introspectorIfAny().isPresent())) {
            Optional<Boolean> active = introspectWith == null ? active(accessToken) : active(introspectWith, accessToken);
            String fhirSeen = fhirStatus;
            introspected = active.map(a -> new Use(a, fhirSeen + "introspection → active:" + a));
            // active:false from a client that may not be the token's own proves nothing (RFC 7662 §2.2: a server answers
            // so for a token the caller may not introspect): userinfo, where the token is used, decides then
            if (introspected.isPresent() && (introspected.get().alive() || introspectWith != null)) {
                return introspected;
            }
        }
        Optional<URI> userinfo = ctx.target().endpoint("userinfo").filter(u -> "https".equalsIgnoreCase(u.getScheme()));
        if (userinfo.isPresent()) {
            HttpExchange x = ctx.http().get(userinfo.get(), "Authorization", "Bearer " + accessToken,
                    "Accept", "application/json");
            if (x.status() == 200 || x.status() == 401) {
                String fhirSeen = fhirStatus;
                String before = introspected.map(u -> u.seen() + " (from a client that may not introspect it), ").orElse(fhirSeen);
                return Optional.of(new Use(x.status() == 200, before + "userinfo → " + x.status()));
            }
        }
        return introspected;
    }

    static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
