package org.hitcert.checks.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hitcert.support.HttpExchange;

/**
 * Whether a FHIR response carries data of one patient: that Patient resource, or a resource whose {@code subject} or
 * {@code patient} refers to it, at any depth (searchsets, batch responses, Bundles inside Bundles). A reference counts in
 * every form a server may write it (FHIR R4 §2.3.0 references): relative {@code Patient/B}, absolute
 * {@code https://host/fhir/Patient/B}, versioned {@code Patient/B/_history/2}; in JSON and in XML.
 */
final class PatientMentions {

    private static final Pattern XML_REFERENCE = Pattern.compile("<(subject|patient)\\b[^>]*>\\s*(?:<[^>]*>\\s*)*?"
            + "<reference\\s+value=\"([^\"]*)\"");
    private static final Pattern XML_PATIENT_ID = Pattern.compile("<Patient\\b[^>]*>\\s*(?:<!--.*?-->\\s*)?<id\\s+value=\"([^\"]*)\"",
            Pattern.DOTALL);

    private PatientMentions() {
    }

    static boolean mentions(HttpExchange x, String patient) {
        if (x.body() == null || x.body().isBlank()) {
            return false;
        }
        JsonNode doc = x.json().orElse(null);
        if (doc != null) {
            return mentions(doc, patient);
        }
        return xmlMentions(x.body(), patient);
    }

    /** Whether {@code reference} (relative, absolute, or versioned) names Patient {@code patient}. */
    static boolean refersTo(String reference, String patient) {
        String r = reference.replaceFirst("[?#].*$", "").replaceFirst("/_history/[^/]*$", "");
        return r.equals("Patient/" + patient) || r.endsWith("/Patient/" + patient);
    }

    private static boolean mentions(JsonNode node, String patient) {
        if (node.isArray()) {
            for (JsonNode n : node) {
                if (mentions(n, patient)) {
                    return true;
                }
            }
            return false;
        }
        if (!node.isObject()) {
            return false;
        }
        if ("Patient".equals(node.path("resourceType").asText()) && patient.equals(node.path("id").asText())) {
            return true;
        }
        for (String field : new String[] {"subject", "patient"}) {
            if (node.path(field).path("reference").isTextual() && refersTo(node.path(field).path("reference").asText(), patient)) {
                return true;
            }
        }
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            if (e.getValue().isContainerNode() && mentions(e.getValue(), patient)) {
                return true;
            }
        }
        return false;
    }

    private static boolean xmlMentions(String body, String patient) {
        if (!body.stripLeading().startsWith("<")) {
            return false;
        }
        Matcher ref = XML_REFERENCE.matcher(body);
        while (ref.find()) {
            if (refersTo(ref.group(2), patient)) {
                return true;
            }
        }
        Matcher id = XML_PATIENT_ID.matcher(body);
        while (id.find()) {
            if (patient.equals(id.group(1))) {
                return true;
            }
        }
        return false;
    }
}
