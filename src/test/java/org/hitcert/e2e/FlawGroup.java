package org.hitcert.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hitcert.checks.CheckCatalog;
import org.hitcert.reference.Flaw;

/**
 * Flaws that can be on together in one reference run because no two of them touch the same area (the areas of the
 * checks that name them): a flaw's checks, and the cheap checks of its area run beside them, see no other flaw of the
 * group in their own area.
 */
record FlawGroup(List<Flaw> flaws, Set<String> areas) {

    /** At most this many flaws a group: a run's browser checks share two browsers with the other group's run. */
    static final int MAX_FLAWS = 10;

    /**
     * Flaws whose effect reaches the checks of other areas by design, so each runs in a group of its own (with its own
     * areas' checks only, as before grouping):
     * <ul>
     * <li>a certificate no client accepts: every request of the run fails at the handshake;</li>
     * <li>a lockout that refuses every client of the server for a while after bad assertions;</li>
     * <li>metadata other areas read: no SMART configuration (SMART checks become INCONCLUSIVE), no
     * authorization_response_iss_parameter_supported (a response without iss is then allowed to the code flow);</li>
     * <li>a FHIR API that ignores revocation: token-area revocation checks, which look through the API, become
     * INCONCLUSIVE (their positive control fails).</li>
     * </ul>
     */
    static final Set<Flaw> ALONE = Set.of(Flaw.CERT_EXPIRED, Flaw.CERT_WRONG_HOST, Flaw.CERT_WEAK_KEY,
            Flaw.ASSERTION_LOCKOUT_ALG_NONE, Flaw.SMART_CONFIG_MISSING, Flaw.ISS_NOT_ADVERTISED, Flaw.FHIR_IGNORES_REVOCATION);

    /** {@code flaws} in groups, first fit in the given order: deterministic, so a failing group can be run again. */
    static List<FlawGroup> of(List<Flaw> flaws, CheckCatalog catalog) {
        List<FlawGroup> groups = new ArrayList<>();
        for (Flaw flaw : flaws) {
            if (ALONE.contains(flaw)) {
                continue;
            }
            Set<String> areas = new TreeSet<>();
            catalog.all().stream().filter(c -> c.info().flaws().contains(flaw.id())).forEach(c -> areas.add(c.info().area()));
            FlawGroup fit = groups.stream().filter(g -> g.flaws.size() < MAX_FLAWS && g.areas.stream().noneMatch(areas::contains))
                    .findFirst().orElse(null);
            if (fit == null) {
                fit = new FlawGroup(new ArrayList<>(), new TreeSet<>());
                groups.add(fit);
            }
            fit.flaws.add(flaw);
            fit.areas.addAll(areas);
        }
        flaws.stream().filter(ALONE::contains).forEach(f -> groups.add(new FlawGroup(List.of(f), catalog.all().stream()
                .filter(c -> c.info().flaws().contains(f.id())).map(c -> c.info().area())
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new)))));
        return groups;
    }

    List<String> ids() {
        return flaws.stream().map(Flaw::id).toList();
    }

    @Override
    public String toString() {
        return String.join(",", ids());
    }
}
