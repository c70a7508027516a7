package org.hitcert.checks.smart;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hitcert.checks.CheckContext;
import org.hitcert.support.HttpExchange;

/**
 * SMART clinical scopes as the checks read them (SMART App Launch 2.x, "Scopes for requesting clinical data"): v2
 * {@code patient/Observation.rs}, v1 {@code patient/Observation.read} (= .rs), {@code .write} (= .cud), {@code .*}
 * (= .cruds). A v2 scope with a search-parameter constraint ({@code ?category=…}) grants only part of its type.
 */
public final class SmartScopes {

    private static final Pattern CLINICAL = Pattern.compile("(patient|user|system)/(\\*|[A-Za-z]+)\\.([a-z*]+)(\\?.*)?");

    private SmartScopes() {
    }

    /** The permission letters (c, r, u, d, s) a clinical scope grants; empty for other or malformed scopes. */
    static String letters(String scope) {
        Matcher m = CLINICAL.matcher(scope);
        if (!m.matches()) {
            return "";
        }
        return switch (m.group(3)) {
            case "read" -> "rs";
            case "write" -> "cud";
            case "*" -> "cruds";
            default -> m.group(3).matches("c?r?u?d?s?") ? m.group(3) : "";
        };
    }

    static boolean clinical(String scope) {
        return CLINICAL.matcher(scope).matches();
    }

    /**
     * Whether {@code granted} (a space-separated scope) allows {@code letter} on {@code type} in the patient or user
     * context, by a scope without a search-parameter constraint.
     */
    static boolean permits(String granted, String type, char letter) {
        for (String s : granted.trim().split(" +")) {
            Matcher m = CLINICAL.matcher(s);
            if (m.matches() && !m.group(1).equals("system") && m.group(4) == null
                    && (m.group(2).equals("*") || m.group(2).equals(type)) && letters(s).indexOf(letter) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code granted} may allow {@code letter} on {@code type} through any clinical scope, in any context, with or
     * without a search-parameter constraint: where it does, a server that serves the request is within the grant, so a
     * check of scope enforcement must not count it against the server (issue 17 §6: judge the scope granted).
     */
    public static boolean mayPermit(String granted, String type, char letter) {
        for (String s : granted.trim().split(" +")) {
            Matcher m = CLINICAL.matcher(s);
            if (m.matches() && (m.group(2).equals("*") || m.group(2).equals(type)) && letters(s).indexOf(letter) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The clinical scopes of {@code granted} that allow create, update or delete. */
    static List<String> writes(String granted) {
        return Arrays.stream(granted.trim().split(" +")).filter(s -> letters(s).matches(".*[cud].*")).toList();
    }

    /** {@code scope} with its clinical scopes replaced by {@code clinical} (other scopes, e.g. openid, launch/patient kept). */
    static String replaceClinical(String scope, String clinical) {
        List<String> out = new ArrayList<>();
        for (String s : scope.trim().split(" +")) {
            if (!s.isEmpty() && !clinical(s)) {
                out.add(s);
            }
        }
        out.add(clinical);
        return String.join(" ", out);
    }

    /** The capabilities of the FHIR server's .well-known/smart-configuration, or empty when it cannot be read. */
    public static Optional<List<String>> capabilities(CheckContext ctx, URI fhirBase) {
        HttpExchange x = ctx.http().get(org.hitcert.support.WellKnown.smartConfiguration(fhirBase), "Accept", "application/json");
        JsonNode conf = x.status() == 200 ? x.json().orElse(null) : null;
        if (conf == null || !conf.path("capabilities").isArray()) {
            return Optional.empty();
        }
        List<String> caps = new ArrayList<>();
        conf.path("capabilities").forEach(c -> caps.add(c.asText()));
        return Optional.of(caps);
    }

    /** {@code fhirBase} joined with a relative path. */
    static URI resolve(URI fhirBase, String path) {
        String b = fhirBase.toString().endsWith("/") ? fhirBase.toString() : fhirBase + "/";
        return URI.create(b + path);
    }
}
