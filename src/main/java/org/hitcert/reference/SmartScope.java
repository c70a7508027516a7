package org.hitcert.reference;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SMART resource scope, v2 ({@code patient/Observation.rs}) or v1 ({@code patient/*.read}), reduced to
 * context, resource type and the set of permissions it grants (SMART App Launch 2.x, scopes and launch context), and
 * the search-parameter constraint of a v2 granular scope ({@code patient/Observation.rs?category=http://...|laboratory}).
 * The one constraint this server enforces is {@code category} on Observation; a scope with any other does not parse,
 * so it is never granted.
 *
 * @param v1         whether the permissions were written the v1 way ({@code read}, {@code write}, {@code *})
 * @param constraint the granular scope's search parameters (name to value), empty for a whole-type scope
 */
record SmartScope(String context, String resource, Set<Perm> perms, boolean v1, Map<String, String> constraint) {

    SmartScope(String context, String resource, Set<Perm> perms) {
        this(context, resource, perms, false, Map.of());
    }

    enum Perm { C, R, U, D, S }

    private static final Pattern SYNTAX = Pattern.compile("(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\.([a-z*]+)(?:\\?(.+))?");
    private static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";
    private static final Pattern V2_PERMS = Pattern.compile("c?r?u?d?s?");

    static Optional<SmartScope> parse(String scope) {
        Matcher m = SYNTAX.matcher(scope);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> constraint = new LinkedHashMap<>();
        if (m.group(4) != null) {
            // SMART v2 granular scopes: only Observation?category=<code> (optionally system|code) is enforced here
            for (String pair : m.group(4).split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || !pair.substring(0, eq).equals("category") || constraint.containsKey("category")) {
                    return Optional.empty();
                }
                constraint.put("category", pair.substring(eq + 1));
            }
            if (!m.group(2).equals("Observation") || m.group(3).matches("read|write|\\*")) {
                return Optional.empty();
            }
        }
        String p = m.group(3);
        EnumSet<Perm> perms = EnumSet.noneOf(Perm.class);
        switch (p) {
            case "read" -> perms.addAll(EnumSet.of(Perm.R, Perm.S));
            case "write" -> perms.addAll(EnumSet.of(Perm.C, Perm.U, Perm.D));
            case "*" -> perms.addAll(EnumSet.allOf(Perm.class));
            default -> {
                if (!V2_PERMS.matcher(p).matches()) {
                    return Optional.empty();
                }
                for (char c : p.toCharArray()) {
                    perms.add(Perm.valueOf(String.valueOf(Character.toUpperCase(c))));
                }
            }
        }
        boolean v1 = p.equals("read") || p.equals("write") || p.equals("*");
        return perms.isEmpty() ? Optional.empty()
                : Optional.of(new SmartScope(m.group(1), m.group(2), perms, v1, Map.copyOf(constraint)));
    }

    /** Whether {@code resource} meets this scope's constraint (always, for a whole-type scope). */
    boolean matches(JsonNode resource) {
        String want = constraint.get("category");
        if (want == null) {
            return true;
        }
        int bar = want.indexOf('|');
        String system = bar < 0 ? null : want.substring(0, bar);
        String code = bar < 0 ? want : want.substring(bar + 1);
        for (JsonNode c : resource.path("category")) {
            for (JsonNode coding : c.path("coding")) {
                if (code.equals(coding.path("code").asText())
                        && (system == null || system.equals(coding.path("system").asText(CATEGORY_SYSTEM)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when everything {@code other} grants is granted by this scope. */
    boolean covers(SmartScope other) {
        return context.equals(other.context)
                && (resource.equals("*") || resource.equals(other.resource))
                && perms.containsAll(other.perms)
                && other.constraint.entrySet().containsAll(constraint.entrySet());
    }

    boolean permits(String resourceType, Perm perm) {
        return (resource.equals("*") || resource.equals(resourceType)) && perms.contains(perm);
    }

    /** A requested scope token is allowed when it is registered verbatim, or covered by a registered SMART scope. */
    static boolean allowed(String requested, Collection<String> registered) {
        if (registered.contains(requested)) {
            return true;
        }
        Optional<SmartScope> want = parse(requested);
        return want.isPresent() && registered.stream().map(SmartScope::parse).flatMap(Optional::stream)
                .anyMatch(r -> r.covers(want.get()));
    }
}
