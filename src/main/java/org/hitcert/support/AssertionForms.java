package org.hitcert.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which form of private_key_jwt client authentication a server accepts, learned from its answers and remembered per
 * client and endpoint (DESIGN rule 10: interop is a mechanism). Servers legitimately differ in two things:
 * <ul>
 *   <li>the {@code aud} they accept at introspection and revocation (RFC 7523 §3: a value that identifies the
 *   authorization server; RFC 7662 §2.1 and RFC 7009 §2.1 authenticate the client as at the token endpoint): the
 *   audience accepted at the token endpoint, the issuer, or the endpoint's own URL;</li>
 *   <li>whether a {@code client_id} parameter must accompany the assertion (RFC 7521 §4.2 makes it optional, yet some
 *   servers refuse a request without it).</li>
 * </ul>
 * Forms are tried in {@link #candidates} order only while the server answers that the client authentication failed
 * ({@link #authenticationFailed}); the first that is not refused so is remembered. Keys carry the endpoint URL, so
 * candidates of one invocation never share what they learned.
 */
public final class AssertionForms {

    /** One form: the assertion's {@code aud}, and whether the request carries {@code client_id}. */
    public record Form(URI audience, boolean clientId) {
        public Form {
            Objects.requireNonNull(audience, "audience");
        }

        /** {@code aud = https://as/token, with client_id}: for evidence. */
        public String describe() {
            return "aud = " + audience + ", " + (clientId ? "with" : "without") + " client_id";
        }
    }

    private static final Map<String, Form> KNOWN = new ConcurrentHashMap<>();

    private AssertionForms() {
    }

    private static String key(URI endpoint, String clientId) {
        return endpoint + " " + clientId;
    }

    /** The form {@code clientId} authenticated with at {@code endpoint}, if one did. */
    public static Optional<Form> known(URI endpoint, String clientId) {
        return Optional.ofNullable(KNOWN.get(key(endpoint, clientId)));
    }

    /** Remembers that {@code form} authenticated {@code clientId} at {@code endpoint}. */
    public static void learned(URI endpoint, String clientId, Form form) {
        KNOWN.put(key(endpoint, clientId), form);
    }

    /**
     * The forms to try at {@code endpoint}, best first: the one learned there; else, at the token endpoint, the token URL
     * without and then with client_id; elsewhere the audience and client_id learned at the token endpoint (else the token
     * URL), then the issuer, then the endpoint's own URL, with the client_id choice of the token endpoint first.
     */
    public static List<Form> candidates(URI endpoint, URI tokenEndpoint, URI issuer, String clientId) {
        List<Form> out = new ArrayList<>();
        known(endpoint, clientId).ifPresent(out::add);
        Optional<Form> atToken = known(tokenEndpoint, clientId);
        if (endpoint.equals(tokenEndpoint)) {
            add(out, new Form(tokenEndpoint, false));
            add(out, new Form(tokenEndpoint, true));
            return List.copyOf(out);
        }
        boolean withId = atToken.map(Form::clientId).orElse(false);
        for (URI aud : List.of(atToken.map(Form::audience).orElse(tokenEndpoint), issuer, endpoint)) {
            add(out, new Form(aud, withId));
        }
        if (atToken.isEmpty()) {
            add(out, new Form(tokenEndpoint, true));
        }
        return List.copyOf(out);
    }

    private static void add(List<Form> out, Form f) {
        if (!out.contains(f)) {
            out.add(f);
        }
    }

    /**
     * Whether {@code x} says the client's authentication failed (RFC 6749 §5.2 invalid_client, or a bare 401), so that
     * another form may be tried. A throttle (429, 503) is not: trying more forms would only feed it.
     */
    public static boolean authenticationFailed(HttpExchange x) {
        if (x.status() == 429 || x.status() == 503) {
            return false;
        }
        String error = x.json().map(j -> j.path("error").asText("")).orElse("");
        return error.equals("invalid_client") || x.status() == 401 && error.isEmpty();
    }
}
