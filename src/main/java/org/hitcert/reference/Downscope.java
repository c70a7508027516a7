package org.hitcert.reference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * SMART App Launch ("Wildcard scopes": the scopes granted may differ from those requested): a requested SMART scope
 * wider than the client's registration is reduced to what the registration allows of it, e.g. patient/*.cruds for a
 * client registered for patient/*.rs becomes patient/*.rs; a scope that shares nothing with it is not reduced but refused.
 */
final class Downscope {

    private static final Set<String> V1_SUFFIXES = Set.of("read", "write", "*");

    private Downscope() {
    }

    /** What of {@code requested} the {@code registered} scopes allow, in the requested syntax (v1 or v2); empty if nothing. */
    static List<String> reduce(String requested, Collection<String> registered) {
        Optional<SmartScope> want = SmartScope.parse(requested);
        if (want.isEmpty()) {
            return List.of();
        }
        boolean v1 = V1_SUFFIXES.contains(suffix(requested));
        List<String> out = new ArrayList<>();
        for (String r : registered) {
            SmartScope allowed = SmartScope.parse(r).orElse(null);
            if (allowed == null || !allowed.context().equals(want.get().context())) {
                continue;
            }
            String resource = want.get().resource().equals("*") ? allowed.resource()
                    : allowed.resource().equals("*") || allowed.resource().equals(want.get().resource())
                    ? want.get().resource() : null;
            EnumSet<SmartScope.Perm> perms = EnumSet.noneOf(SmartScope.Perm.class);
            perms.addAll(want.get().perms());
            perms.retainAll(allowed.perms());
            if (resource != null && !perms.isEmpty()) {
                String scope = want.get().context() + "/" + resource + "." + format(perms, v1);
                if (!out.contains(scope)) {
                    out.add(scope);
                }
            }
        }
        return out;
    }

    /** A v2 scope for one resource type ({@code patient/Observation.rs}), not a wildcard and not in v1 syntax. */
    static boolean resourceSpecificV2(String scope) {
        return SmartScope.parse(scope).filter(s -> !s.resource().equals("*")).isPresent()
                && !V1_SUFFIXES.contains(suffix(scope));
    }

    /** Whether a registration allows no create, update or delete through any SMART scope. */
    static boolean readOnly(Collection<String> registered) {
        return registered.stream().map(SmartScope::parse).flatMap(Optional::stream).noneMatch(s -> s.perms().contains(
                SmartScope.Perm.C) || s.perms().contains(SmartScope.Perm.U) || s.perms().contains(SmartScope.Perm.D));
    }

    private static String suffix(String scope) {
        return scope.substring(scope.lastIndexOf('.') + 1);
    }

    private static String format(Set<SmartScope.Perm> perms, boolean v1) {
        if (v1) {
            if (perms.equals(EnumSet.of(SmartScope.Perm.R, SmartScope.Perm.S))) {
                return "read";
            }
            if (perms.equals(EnumSet.of(SmartScope.Perm.C, SmartScope.Perm.U, SmartScope.Perm.D))) {
                return "write";
            }
            if (perms.equals(EnumSet.allOf(SmartScope.Perm.class))) {
                return "*";
            }
        }
        StringBuilder b = new StringBuilder();
        for (SmartScope.Perm p : SmartScope.Perm.values()) {
            if (perms.contains(p)) {
                b.append(Character.toLowerCase(p.name().charAt(0)));
            }
        }
        return b.toString();
    }
}
