package org.hitcert.checks.smart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The comparison behind {@link EnsureCapabilityAgreesWithSmartConfiguration}: the FHIR CapabilityStatement's
 * {@code rest.security} extension {@code oauth-uris} (SMART App Launch 1.0, still read by v1 clients) against the
 * members of {@code .well-known/smart-configuration} (SMART-CONF) that name the same endpoints.
 */
final class CapabilityOauthUris {

    static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

    /** oauth-uris sub-extension → smart-configuration member. */
    static final Map<String, String> PAIRS = Map.of("authorize", "authorization_endpoint", "token", "token_endpoint",
            "introspect", "introspection_endpoint", "revoke", "revocation_endpoint", "register", "registration_endpoint",
            "manage", "management_endpoint");

    private CapabilityOauthUris() {
    }

    /** The oauth-uris of the first rest entry that has them, by sub-extension url; empty when there are none. */
    static Optional<Map<String, String>> read(JsonNode capability) {
        for (JsonNode rest : capability.path("rest")) {
            for (JsonNode ext : rest.path("security").path("extension")) {
                if (OAUTH_URIS.equals(ext.path("url").asText())) {
                    Map<String, String> uris = new LinkedHashMap<>();
                    for (JsonNode sub : ext.path("extension")) {
                        if (sub.hasNonNull("valueUri")) {
                            uris.put(sub.path("url").asText(), sub.get("valueUri").asText());
                        }
                    }
                    return Optional.of(uris);
                }
            }
        }
        return Optional.empty();
    }

    /** Each disagreement, in words; empty when every endpoint named in both documents is the same URL. */
    static List<String> disagreements(Map<String, String> oauthUris, JsonNode smartConfiguration) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : oauthUris.entrySet()) {
            String member = PAIRS.get(e.getKey());
            if (member == null) {
                continue;
            }
            String smart = smartConfiguration.path(member).asText(null);
            if (smart == null) {
                if (e.getKey().equals("authorize") || e.getKey().equals("token")) {
                    out.add("oauth-uris '" + e.getKey() + "' is " + e.getValue() + " but smart-configuration has no "
                            + member);
                }
            } else if (!smart.equals(e.getValue())) {
                out.add("oauth-uris '" + e.getKey() + "' is " + e.getValue() + " but smart-configuration's " + member
                        + " is " + smart);
            }
        }
        return out;
    }
}
