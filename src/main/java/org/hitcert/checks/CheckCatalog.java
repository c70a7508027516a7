package org.hitcert.checks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.authorize.FollowCodeFlowWithPkce;
import org.hitcert.checks.authorize.RequirePkce;
import org.hitcert.checks.bearer.AcceptBearerHeader;
import org.hitcert.checks.bearer.RequireTokenForFhir;
import org.hitcert.checks.discovery.EnsureEndpointsUseHttps;
import org.hitcert.checks.discovery.EnsureOidcDiscoveryConsistent;
import org.hitcert.checks.discovery.EnsurePkceS256Only;
import org.hitcert.checks.discovery.EnsureSmartConfiguration;
import org.hitcert.checks.discovery.RejectNoneSigningAlgorithm;
import org.hitcert.checks.token.EnsureTokenResponsesNotCached;
import org.hitcert.model.KnownChecks;
import org.hitcert.model.ParamSpec;

/** Every check hitcert has, by id. Plans bind to these ids; the list is explicit so nothing is found by accident. */
public final class CheckCatalog implements KnownChecks {

    private final Map<String, Check> checks = new LinkedHashMap<>();

    private CheckCatalog(List<Check> all) {
        for (Check c : all) {
            if (checks.putIfAbsent(c.info().id(), c) != null) {
                throw new IllegalStateException("two checks share the id " + c.info().id());
            }
        }
    }

    public static CheckCatalog standard() {
        return new CheckCatalog(List.of(
                new EnsureOidcDiscoveryConsistent(),
                new EnsureEndpointsUseHttps(),
                new RejectNoneSigningAlgorithm(),
                new EnsurePkceS256Only(),
                new EnsureSmartConfiguration(),
                new FollowCodeFlowWithPkce(),
                new RequirePkce(),
                new EnsureTokenResponsesNotCached(),
                new RequireTokenForFhir(),
                new AcceptBearerHeader()));
    }

    public Optional<Check> check(String id) {
        return Optional.ofNullable(checks.get(id));
    }

    public Collection<Check> all() {
        return checks.values();
    }

    @Override
    public Collection<String> ids() {
        return checks.keySet();
    }

    @Override
    public Optional<List<ParamSpec>> params(String checkId) {
        return check(checkId).map(c -> c.info().params());
    }
}
