package org.hitcert.reference;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SMART resource scope, v2 ({@code patient/Observation.rs}) or v1 ({@code patient/*.read}), reduced to
 * context, resource type and the set of permissions it grants (SMART App Launch 2.x, scopes and launch context).
 */
record SmartScope(String context, String resource, Set<Perm> perms) {

    enum Perm { C, R, U, D, S }

    private static final Pattern SYNTAX = Pattern.compile("(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\.([a-z*]+)");
    private static final Pattern V2_PERMS = Pattern.compile("c?r?u?d?s?");

    static Optional<SmartScope> parse(String scope) {
        // v2 scopes may carry a query (e.g. ?category=...); we do not support fine-grained scopes
        Matcher m = SYNTAX.matcher(scope);
        if (!m.matches()) {
            return Optional.empty();
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
        return perms.isEmpty() ? Optional.empty() : Optional.of(new SmartScope(m.group(1), m.group(2), perms));
    }

    /** True when everything {@code other} grants is granted by this scope. */
    boolean covers(SmartScope other) {
        return context.equals(other.context)
                && (resource.equals("*") || resource.equals(other.resource))
                && perms.containsAll(other.perms);
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
