package org.hitcert.init;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hitcert.support.Http;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.WellKnown;

/**
 * What a server publishes about itself, read once for {@code init}: OpenID Connect discovery, RFC 8414 metadata, the
 * SMART configuration and the FHIR CapabilityStatement. Each document is either read (a JSON object) or missing with
 * why (status, not JSON, unreachable); nothing else is fetched, and only from the hosts the tester named.
 */
public record Published(URI issuer, Optional<URI> fhirBase, Document openid, Document oauth, Document smart, Document capability) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One metadata document: its URL and either its JSON object or why there is none. */
    public record Document(String title, URI url, Optional<JsonNode> json, String why) {

        boolean found() {
            return json.isPresent();
        }

        /** A string member, when the document has it. */
        Optional<String> text(String member) {
            return json.map(j -> j.get(member)).filter(JsonNode::isTextual).map(JsonNode::asText);
        }

        /** The strings of an array member (empty when absent or not an array). */
        List<String> list(String member) {
            List<String> out = new ArrayList<>();
            json.map(j -> j.get(member)).filter(JsonNode::isArray).ifPresent(a -> a.forEach(v -> out.add(v.asText())));
            return out;
        }

        /** One line for the console: found, or missing with why. */
        public String line() {
            return (found() ? "  found    " : "  missing  ") + title + ": " + url + (found() ? "" : " (" + why + ")");
        }
    }

    /** Thrown when not one document could be read: the issuer or its host is wrong, or the server is down. */
    public static final class NothingPublished extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NothingPublished(String message) {
            super(message);
        }
    }

    /** Reads the documents over {@code http} (which confines the suite to the named hosts). */
    public static Published read(Http http, URI issuer, Optional<URI> fhirBase) {
        Document openid = fetch(http, "OpenID Connect discovery", WellKnown.openidConfiguration(issuer), "application/json");
        Document oauth = fetch(http, "OAuth 2.0 metadata (RFC 8414)", WellKnown.oauthAuthorizationServer(issuer), "application/json");
        Document smart = fhirBase.map(f -> fetch(http, "SMART configuration", WellKnown.smartConfiguration(f), "application/json"))
                .orElse(new Document("SMART configuration", issuer, Optional.empty(), "no --fhir-base given"));
        Document capability = fhirBase.map(f -> fetch(http, "FHIR CapabilityStatement", URI.create(strip(f) + "/metadata"),
                "application/fhir+json")).orElse(new Document("FHIR CapabilityStatement", issuer, Optional.empty(), "no --fhir-base given"));
        if (!openid.found() && !oauth.found() && !smart.found()) {
            throw new NothingPublished("no metadata could be read from " + issuer + ": " + openid.url() + " (" + openid.why() + "), "
                    + oauth.url() + " (" + oauth.why() + ")" + (fhirBase.isPresent() ? ", " + smart.url() + " (" + smart.why() + ")" : "")
                    + ". Is --issuer the server's issuer URL (what its discovery document names as issuer), and is it running?");
        }
        return new Published(issuer, fhirBase, openid, oauth, smart, capability);
    }

    private static Document fetch(Http http, String title, URI url, String accept) {
        HttpExchange x;
        try {
            x = http.get(url, "Accept", accept);
        } catch (Http.HttpFailure e) {
            return new Document(title, url, Optional.empty(), "unreachable: " + e.getMessage().replaceFirst("^.* failed: ", ""));
        }
        if (x.status() != 200) {
            return new Document(title, url, Optional.empty(), "answered " + x.status());
        }
        String type = x.header("Content-Type").orElse("none").toLowerCase(Locale.ROOT);
        String body = x.body() == null ? "" : x.body().strip();
        try {
            JsonNode j = JSON.readTree(body);
            if (j != null && j.isObject()) {
                return new Document(title, url, Optional.of(j), "");
            }
        } catch (java.io.IOException e) {
            // described below
        }
        return new Document(title, url, Optional.empty(), "not a JSON object (Content-Type " + type + ", starts \""
                + body.substring(0, Math.min(40, body.length())).replaceAll("\\s+", " ") + "\")");
    }

    private static String strip(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The documents in the order the console lists them. */
    public List<Document> documents() {
        List<Document> all = new ArrayList<>(List.of(openid, oauth));
        if (fhirBase.isPresent()) {
            all.add(smart);
            all.add(capability);
        }
        return all;
    }

    /** A member of the first document that has it: OpenID discovery, then RFC 8414, then the SMART configuration. */
    public Optional<String> endpoint(String member) {
        for (Document d : List.of(openid, oauth, smart)) {
            Optional<String> v = d.text(member);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    /** The union of an array member over the documents, in order of first appearance. */
    public List<String> listed(String member) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        for (Document d : List.of(openid, oauth, smart)) {
            all.addAll(d.list(member));
        }
        return List.copyOf(all);
    }

    /** Whether any document has the array member at all (an absent member means the RFC's default). */
    public boolean lists(String member) {
        return List.of(openid, oauth, smart).stream().anyMatch(d -> d.json().map(j -> j.has(member)).orElse(false));
    }

    /** The issuer a document names, when it differs from the one given (OIDC Discovery §4.3, RFC 8414 §3.3). */
    public Optional<String> issuerMismatch() {
        for (Document d : List.of(openid, oauth)) {
            Optional<String> named = d.text("issuer");
            if (named.isPresent() && !named.get().replaceFirst("/$", "").equals(strip(issuer))) {
                return Optional.of(d.title() + " names issuer " + named.get() + ", not " + issuer);
            }
        }
        return Optional.empty();
    }
}
