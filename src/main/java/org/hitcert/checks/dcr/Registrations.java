package org.hitcert.checks.dcr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;

/**
 * Dynamic client registration (RFC 7591) as the checks use it: the endpoint from the candidate's metadata, a valid
 * baseline registration request, and clean-up of what was registered (RFC 7592 §2.3). Every client the suite registers
 * is named {@code hitcert-probe}.
 */
public final class Registrations {

    /** The client_name of every client the suite registers, so that an operator can find and remove them. */
    public static final String CLIENT_NAME = "hitcert-probe";
    /** A redirect URI on a name that never resolves (RFC 6761 §6.4): no third party is ever reached. */
    public static final String REDIRECT_URI = "https://hitcert-probe.invalid/callback";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Registrations() {
    }

    /** The registration_endpoint the candidate's metadata advertises; NOT_APPLICABLE when it advertises none. */
    public static URI endpoint(CheckContext ctx) {
        JsonNode meta = ctx.target().discovery().orElseThrow(() -> new Inconclusive(
                "the candidate's metadata could not be read, so whether it offers dynamic registration is unknown"));
        JsonNode e = meta.get("registration_endpoint");
        if (e == null || !e.isTextual() || e.asText().isBlank()) {
            throw new NotApplicable("the candidate's metadata advertises no registration_endpoint (RFC 8414 §2): dynamic "
                    + "client registration is not offered");
        }
        return URI.create(e.asText());
    }

    /**
     * A valid registration request (RFC 7591 §2): a public authorization code client (token_endpoint_auth_method none)
     * with one https redirect URI.
     */
    public static ObjectNode baseline() {
        ObjectNode m = JSON.createObjectNode();
        m.putArray("redirect_uris").add(REDIRECT_URI);
        m.putArray("grant_types").add("authorization_code");
        m.putArray("response_types").add("code");
        m.put("token_endpoint_auth_method", "none");
        m.put("client_name", CLIENT_NAME);
        return m;
    }

    /** Sends a registration request; secrets in the answer are registered with the redactor. */
    public static HttpExchange register(CheckContext ctx, URI endpoint, ObjectNode metadata) {
        HttpExchange x = ctx.http().send(new HttpRequestSpec("POST", endpoint,
                java.util.Map.of("Content-Type", "application/json", "Accept", "application/json"), metadata.toString()));
        x.json().ifPresent(j -> {
            for (String secret : new String[] {"client_secret", "registration_access_token"}) {
                if (j.path(secret).isTextual()) {
                    ctx.http().registerSecret(j.get(secret).asText(), secret.replace('_', ' '));
                }
            }
        });
        return x;
    }

    /** The client_id a registration response issued: a 2xx answer with a client_id (RFC 7591 §3.2.1). */
    public static Optional<String> issued(HttpExchange x) {
        if (x.status() < 200 || x.status() >= 300) {
            return Optional.empty();
        }
        return x.json().map(j -> j.get("client_id")).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    /** A registration the candidate refused with the status and error RFC 7591 §3.2.2 name. */
    public static boolean conformantRefusal(HttpExchange x) {
        return x.status() == 400 && x.json().map(j -> j.path("error").asText())
                .filter(Set.of("invalid_redirect_uri", "invalid_client_metadata")::contains).isPresent();
    }

    /** The baseline registered, or INCONCLUSIVE when the candidate refuses even that (and says why). */
    public static HttpExchange registerBaseline(CheckContext ctx, URI endpoint) {
        HttpExchange x = register(ctx, endpoint, baseline());
        if (issued(x).isEmpty()) {
            throw new Inconclusive("the candidate did not register even a valid public client (" + x.summary()
                    + (x.status() == 401 || x.status() == 403 ? "; it may need an initial access token, which the suite "
                    + "cannot send yet" : "") + "), so its answers to invalid registrations prove nothing");
        }
        return x;
    }

    /**
     * Deletes a client the suite registered, when the response gave a registration_client_uri and a
     * registration_access_token (RFC 7592 §2.3); notes what happened. Never fails a check.
     */
    public static void remove(CheckContext ctx, HttpExchange registered) {
        Optional<JsonNode> json = registered.json();
        String id = issued(registered).orElse(null);
        if (id == null || json.isEmpty()) {
            return;
        }
        String uri = json.get().path("registration_client_uri").asText("");
        String token = json.get().path("registration_access_token").asText("");
        if (uri.isEmpty() || token.isEmpty()) {
            ctx.note("probe client left registered", "client " + id + " (client_name " + CLIENT_NAME + ") could not be "
                    + "deleted: the response gave no registration_client_uri and registration_access_token (RFC 7592)");
            return;
        }
        try {
            HttpExchange d = ctx.http().send(new HttpRequestSpec("DELETE", URI.create(uri),
                    java.util.Map.of("Authorization", "Bearer " + token), null));
            if (d.status() != 204) {
                ctx.note("probe client deletion", "DELETE of client " + id + " answered " + d.summary()
                        + " (RFC 7592 §2.3 expects 204)");
            }
        } catch (RuntimeException e) {
            ctx.note("probe client left registered", "client " + id + " could not be deleted: " + e.getMessage());
        }
    }
}
