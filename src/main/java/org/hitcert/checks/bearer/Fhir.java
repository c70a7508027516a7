package org.hitcert.checks.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.support.CodeFlow;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;

/** What the bearer checks share: FHIR URLs, requests with a token, tokens from extra flows, baselines. */
final class Fhir {

    private Fhir() {
    }

    static URI url(URI base, String path) {
        String b = base.toString().endsWith("/") ? base.toString() : base + "/";
        return URI.create(b + path);
    }

    static HttpExchange get(CheckContext ctx, URI uri, String token) {
        return ctx.http().get(uri, "Accept", "application/fhir+json", "Authorization", "Bearer " + token);
    }

    static HttpExchange send(CheckContext ctx, HttpRequestSpec spec) {
        return ctx.http().send(spec.withHeader("Accept", "application/fhir+json"));
    }

    static boolean ok(HttpExchange x) {
        return x.status() >= 200 && x.status() < 300;
    }

    /** The shared access token, with a baseline request that proves it works on {@code resource}. */
    static String sharedAccessToken(CheckContext ctx) {
        String token = ctx.sharedTokens().path("access_token").asText("");
        if (token.isEmpty()) {
            throw new Inconclusive("the shared token response has no access_token");
        }
        return token;
    }

    /** Requires a 2xx for a valid request: without it a refused negative case would prove nothing. */
    static void baseline(CheckContext ctx, URI resource, String token, String what) {
        HttpExchange x = get(ctx, resource, token);
        if (!ok(x)) {
            throw new Inconclusive("the valid baseline (" + what + ") was not served (" + x.summary()
                    + "), so a refusal of the changed request would prove nothing");
        }
    }

    /** A token response from a fresh code flow: {@code clientRole}'s client, {@code userRole}'s user, optional scope. */
    static JsonNode tokensFor(CheckContext ctx, ClientSpec client, UserSpec user, String scope) {
        Map<String, String> overrides = scope == null ? Map.of() : Map.of("scope", scope);
        CodeFlow.Authorization auth = ctx.flow().authorize(client, user, overrides);
        String code = auth.param("code").orElseThrow(() -> new Inconclusive("the code flow for client " + client.clientId()
                + " gave no code (" + (auth.redirected() ? "response " + auth.response().keySet() : "stopped at " + auth.landedAt())
                + ")"));
        HttpExchange token = ctx.flow().redeem(client, code, auth.redirectUri(), auth.pkce().verifier());
        JsonNode body = token.json().orElse(null);
        if (token.status() != 200 || body == null || !body.hasNonNull("access_token")) {
            throw new Inconclusive("the code of client " + client.clientId() + " did not redeem for an access token ("
                    + token.summary() + ")");
        }
        return body;
    }

    /**
     * The scope a token response granted: its {@code scope} member, else the requested scope (RFC 6749 §5.1: omitted means
     * as requested). Noted in the evidence; scope-enforcement checks judge the server against it, not against the request.
     */
    static String granted(CheckContext ctx, JsonNode tokens, String requested, String label) {
        String stated = tokens.path("scope").asText("");
        ctx.note("granted scope" + (label.isEmpty() ? "" : " (" + label + ")"), (stated.isEmpty()
                ? requested + " (not stated: as requested, RFC 6749 §5.1)" : stated) + "; requested: " + requested);
        return stated.isEmpty() ? requested : stated;
    }

    /** Whether {@code granted} may allow {@code letter} (c, r, u, d, s) on {@code type}: then serving it is right. */
    static boolean grants(String granted, String type, char letter) {
        return org.hitcert.checks.smart.SmartScopes.mayPermit(granted, type, letter);
    }

    static ClientSpec browserClient(CheckContext ctx) {
        return org.hitcert.checks.Checks.browserClient(ctx.target());
    }

    static UserSpec user(CheckContext ctx, String role) {
        return org.hitcert.checks.Checks.user(ctx.target(), role);
    }

    /** {@code scope} with its SMART resource scopes replaced by {@code resourceScopes}. */
    static String withResourceScopes(String scope, String... resourceScopes) {
        List<String> out = new ArrayList<>(Arrays.stream(scope.split(" ")).filter(s -> !s.isBlank())
                .filter(s -> !s.matches("(patient|user|system)/.*")).toList());
        out.addAll(List.of(resourceScopes));
        return String.join(" ", out);
    }

    /**
     * Requires {@code capability} in the FHIR server's .well-known/smart-configuration: NOT_APPLICABLE (with
     * {@code otherwise}) when it is not listed, INCONCLUSIVE when there is no SMART configuration to read.
     */
    static void requireSmartCapability(CheckContext ctx, URI base, String capability, String otherwise) {
        URI at = url(base, ".well-known/smart-configuration");
        HttpExchange x = ctx.http().get(at, "Accept", "application/json");
        JsonNode doc = x.json().orElse(null);
        if (x.status() != 200 || doc == null) {
            throw new Inconclusive("no SMART configuration at " + at + " (" + x.summary() + "): the suite cannot tell whether "
                    + "the capability " + capability + " is supported");
        }
        for (JsonNode c : doc.path("capabilities")) {
            if (capability.equals(c.asText())) {
                return;
            }
        }
        throw new NotApplicable("the SMART configuration does not list the capability " + capability + ": " + otherwise);
    }

    /** The sample resources the candidate file names. */
    static org.hitcert.model.Candidate.FhirSamples samples(CheckContext ctx) {
        return ctx.target().fhirSamples();
    }

    /**
     * The patient in the default user's token context, held against the candidate file's patient-a when it names one: a
     * mismatch means the file or the test user is wrong, and nothing about the server would be learnt.
     */
    static String patientA(CheckContext ctx, JsonNode tokens) {
        String a = patient(tokens, "the default user");
        samples(ctx).patientA().filter(named -> !named.equals(a)).ifPresent(named -> {
            throw new Inconclusive("the candidate file names patient-a " + named + ", but the default user's token has patient "
                    + a + " in context; fix fhir-samples or the default user");
        });
        return a;
    }

    /** A Bundle of {@code type} (batch or transaction) with one GET entry. */
    static HttpRequestSpec bundleGet(URI base, String token, String type, String url) {
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":["
                + "{\"request\":{\"method\":\"GET\",\"url\":\"" + url + "\"}}]}";
        return new HttpRequestSpec("POST", base, Map.of("Content-Type", "application/fhir+json", "Authorization", "Bearer " + token),
                bundle);
    }

    /** The patient in a token response's launch context. */
    static String patient(JsonNode tokens, String whose) {
        String p = tokens.path("patient").asText("");
        if (p.isEmpty()) {
            throw new Inconclusive("the token response for " + whose + " names no patient in context (launch/patient)");
        }
        return p;
    }

    /** Ids of the resources of a searchset Bundle. */
    static List<String> ids(HttpExchange x) {
        List<String> out = new ArrayList<>();
        x.json().ifPresent(b -> b.path("entry").forEach(e -> out.add(e.path("resource").path("resourceType").asText()
                + "/" + e.path("resource").path("id").asText())));
        return out;
    }

    /** The FHIR server's CapabilityStatement: what types, interactions and search parameters it declares. */
    record Capability(JsonNode statement) {

        static Capability of(CheckContext ctx, URI base) {
            HttpExchange x = ctx.http().get(url(base, "metadata"), "Accept", "application/fhir+json");
            JsonNode doc = x.json().orElse(null);
            if (x.status() != 200 || doc == null || !"CapabilityStatement".equals(doc.path("resourceType").asText())) {
                throw new Inconclusive("no CapabilityStatement at " + url(base, "metadata") + " (" + x.summary()
                        + "): the suite cannot tell which interactions apply");
            }
            return new Capability(doc);
        }

        private Optional<JsonNode> resource(String type) {
            for (JsonNode rest : statement.path("rest")) {
                if (!"server".equals(rest.path("mode").asText("server"))) {
                    continue;
                }
                for (JsonNode r : rest.path("resource")) {
                    if (type.equals(r.path("type").asText())) {
                        return Optional.of(r);
                    }
                }
            }
            return Optional.empty();
        }

        boolean supports(String type, String interaction) {
            return resource(type).map(r -> {
                for (JsonNode i : r.path("interaction")) {
                    if (interaction.equals(i.path("code").asText())) {
                        return true;
                    }
                }
                return false;
            }).orElse(false);
        }

        boolean searchParam(String type, String name) {
            return resource(type).map(r -> {
                for (JsonNode p : r.path("searchParam")) {
                    if (name.equals(p.path("name").asText())) {
                        return true;
                    }
                }
                return false;
            }).orElse(false);
        }

        /** Whether {@code type} declares {@code value} (e.g. Observation:patient) in searchRevInclude. */
        boolean revInclude(String type, String value) {
            return listed(type, "searchRevInclude", value);
        }

        /** Whether {@code type} declares {@code value} (e.g. Observation:patient) in searchInclude. */
        boolean include(String type, String value) {
            return listed(type, "searchInclude", value);
        }

        private boolean listed(String type, String field, String value) {
            return resource(type).map(r -> {
                for (JsonNode v : r.path(field)) {
                    if (value.equals(v.asText())) {
                        return true;
                    }
                }
                return false;
            }).orElse(false);
        }

        /** Whether {@code type} declares the operation {@code name} (e.g. Patient everything). */
        boolean operation(String type, String name) {
            return resource(type).map(r -> {
                for (JsonNode o : r.path("operation")) {
                    if (name.equals(o.path("name").asText()) || o.path("definition").asText().endsWith("-" + name)) {
                        return true;
                    }
                }
                return false;
            }).orElse(false);
        }

        /** Whether a server-mode rest declares the whole-system interaction {@code code} (batch, transaction). */
        boolean systemInteraction(String code) {
            for (JsonNode rest : statement.path("rest")) {
                for (JsonNode i : rest.path("interaction")) {
                    if ("server".equals(rest.path("mode").asText("server")) && code.equals(i.path("code").asText())) {
                        return true;
                    }
                }
            }
            return false;
        }

        void require(String type, String interaction) {
            if (!supports(type, interaction)) {
                throw new NotApplicable("the CapabilityStatement declares no " + interaction + " interaction on " + type);
            }
        }

        String summary() {
            return java.util.stream.StreamSupport.stream(statement.path("rest").spliterator(), false)
                    .flatMap(r -> java.util.stream.StreamSupport.stream(r.path("resource").spliterator(), false))
                    .map(r -> r.path("type").asText()).collect(Collectors.joining(", "));
        }
    }
}
