package org.hitcert.model;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one catalogue of specification sources a plan may cite. A source id is a document key, a dash,
 * and a section: {@code RFC6749-4.1.2}, {@code OIDC-CORE-3.1.2.1}, {@code SMART-AL}. The report and the
 * docs both link through here.
 */
public final class Sources {

    private static final Map<String, String> DOCUMENTS = new LinkedHashMap<>();

    static {
        for (String rfc : new String[] {"6749", "6750", "6819", "7009", "7519", "7523", "7591", "7636", "7662",
                "8252", "8414", "8705", "8725", "9068", "9207", "9325", "9449", "9700"}) {
            DOCUMENTS.put("RFC" + rfc, "https://www.rfc-editor.org/rfc/rfc" + rfc + ".html");
        }
        DOCUMENTS.put("OIDC-CORE", "https://openid.net/specs/openid-connect-core-1_0.html");
        DOCUMENTS.put("OIDC-DISCOVERY", "https://openid.net/specs/openid-connect-discovery-1_0.html");
        DOCUMENTS.put("OIDC-RPLOGOUT", "https://openid.net/specs/openid-connect-rpinitiated-1_0.html");
        DOCUMENTS.put("SMART-AL", "https://hl7.org/fhir/smart-app-launch/app-launch.html");
        DOCUMENTS.put("SMART-SC", "https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html");
        DOCUMENTS.put("SMART-CONF", "https://hl7.org/fhir/smart-app-launch/conformance.html");
        DOCUMENTS.put("SMART-ASYM", "https://hl7.org/fhir/smart-app-launch/client-confidential-asymmetric.html");
        DOCUMENTS.put("SMART-BE", "https://hl7.org/fhir/smart-app-launch/backend-services.html");
        DOCUMENTS.put("SMART-TI", "https://hl7.org/fhir/smart-app-launch/token-introspection.html");
        DOCUMENTS.put("SMART-BP", "https://hl7.org/fhir/smart-app-launch/best-practices.html");
        DOCUMENTS.put("HEART-OAUTH2", "https://openid.net/specs/openid-heart-oauth2-1_0.html");
        DOCUMENTS.put("TSS-2015", "https://www.healthit.gov/sites/default/files/facas/TSS_Health%20IT%20RESTful%20API%20Security%20Considerations_2015-03-18.pdf");
    }

    private Sources() {
    }

    /** The document keys a source id may start with. */
    public static java.util.Set<String> documents() {
        return java.util.Collections.unmodifiableSet(DOCUMENTS.keySet());
    }

    /** The URL of a source id, with a section anchor where the document has predictable ones (RFCs). */
    public static Optional<URI> url(String sourceId) {
        for (Map.Entry<String, String> doc : DOCUMENTS.entrySet()) {
            String key = doc.getKey();
            if (sourceId.equals(key)) {
                return Optional.of(URI.create(doc.getValue()));
            }
            if (sourceId.startsWith(key + "-")) {
                String section = sourceId.substring(key.length() + 1);
                if (!section.matches("[A-Za-z0-9.]+")) {
                    return Optional.empty();
                }
                return Optional.of(URI.create(doc.getValue()
                        + (key.startsWith("RFC") && section.matches("[0-9.]+") ? "#section-" + section : "")));
            }
        }
        return Optional.empty();
    }
}
