package org.hitcert.checks.transport;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Optional;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;

/**
 * Decides whether an endpoint processed a request sent to it over plain http (RFC 6749 §3.1, §3.2; RFC 6750 §5.3;
 * RFC 7662 §4). Processed: a 2xx answer; a redirect that stays in plaintext or carries a protocol result (code, error,
 * token); or an error answer in the protocol's own terms (an OAuth JSON error, a FHIR resource, a Bearer challenge).
 * Not processed: no HTTP answer at all (refused, reset, TLS alert), a redirect to https carrying no result, or a bare
 * 4xx/5xx that is not the endpoint's protocol (e.g. "the plain HTTP request was sent to HTTPS port").
 *
 * @param processed whether the endpoint processed the plaintext request
 * @param what      what was observed, for the reason
 */
record PlaintextAnswer(boolean processed, boolean timedOut, String what) {

    PlaintextAnswer(boolean processed, String what) {
        this(processed, false, what);
    }

    /**
     * A request that got no HTTP answer, judged by why: a refused connection, or a port that answered only in TLS (an
     * alert, a close or reset after the plaintext bytes, a status line that is no HTTP), is a refusal; a time-out, or a
     * network that did not get there, proves nothing (the port may be filtered, not refused), so it stays undecided.
     */
    static PlaintextAnswer failed(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String name = root.getClass().getSimpleName();
        String message = root.getMessage() == null ? "" : root.getMessage();
        String said = name + (message.isEmpty() ? "" : ": " + message);
        if (root instanceof java.net.SocketTimeoutException || name.contains("Timeout")
                || message.toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
            return new PlaintextAnswer(false, true, "no answer in time (" + said + "): not a refusal");
        }
        if (root instanceof java.net.ConnectException && message.toLowerCase(java.util.Locale.ROOT).contains("refused")) {
            return new PlaintextAnswer(false, "connection refused (" + said + ")");
        }
        if (root instanceof java.net.NoRouteToHostException || root instanceof java.net.UnknownHostException
                || root instanceof java.net.ConnectException || message.equalsIgnoreCase("Socket closed")) {
            return new PlaintextAnswer(false, true, "not reached (" + said + "): not a refusal");
        }
        return new PlaintextAnswer(false, "no HTTP answer, a TLS-only port (" + said + ")");
    }

    static PlaintextAnswer of(HttpExchange x) {
        int status = x.status();
        if (status >= 300 && status < 400) {
            String location = x.header("Location").orElse("");
            URI target;
            try {
                target = x.request().uri().resolve(location);
            } catch (IllegalArgumentException e) {
                return new PlaintextAnswer(false, status + " with an unusable Location '" + location + "'");
            }
            if (!"https".equalsIgnoreCase(target.getScheme())) {
                return new PlaintextAnswer(true, status + " redirect that stays in plaintext (Location " + location + ")");
            }
            Optional<String> result = resultIn(target);
            if (result.isPresent()) {
                return new PlaintextAnswer(true, status + " redirect to https carrying the request's result (" + result.get() + ")");
            }
            return new PlaintextAnswer(false, status + " redirect to " + target.getScheme() + "://" + target.getRawAuthority()
                    + target.getRawPath() + " without a result");
        }
        if (status >= 200 && status < 300) {
            return new PlaintextAnswer(true, status + " answer served over plaintext" + kind(x).map(k -> " (" + k + ")").orElse(""));
        }
        Optional<String> kind = kind(x);
        if (kind.isPresent()) {
            return new PlaintextAnswer(true, status + " answer in the endpoint's own protocol (" + kind.get() + ")");
        }
        return new PlaintextAnswer(false, status + " answer that is no OAuth or FHIR answer");
    }

    private static Optional<String> resultIn(URI target) {
        String q = target.getRawQuery() == null ? "" : target.getRawQuery();
        String f = target.getRawFragment() == null ? "" : target.getRawFragment();
        for (String name : new String[] {"code", "error", "access_token", "id_token"}) {
            if (HttpRequestSpec.parseQuery(q).containsKey(name) || HttpRequestSpec.parseQuery(f).containsKey(name)) {
                return Optional.of(name + "=…");
            }
        }
        return Optional.empty();
    }

    /** What makes the answer the endpoint's protocol: an OAuth error or token, a FHIR resource, a Bearer challenge. */
    private static Optional<String> kind(HttpExchange x) {
        if (x.headerValues("WWW-Authenticate").stream().anyMatch(v -> v.trim().regionMatches(true, 0, "Bearer", 0, 6))) {
            return Optional.of("a WWW-Authenticate: Bearer challenge");
        }
        Optional<JsonNode> json = x.json();
        if (json.isPresent() && json.get().isObject()) {
            JsonNode j = json.get();
            for (String member : new String[] {"access_token", "error", "active", "resourceType", "keys", "issuer", "sub"}) {
                if (j.has(member)) {
                    return Optional.of("JSON with member \"" + member + "\"");
                }
            }
        }
        return Optional.empty();
    }
}
