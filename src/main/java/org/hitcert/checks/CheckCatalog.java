package org.hitcert.checks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.hitcert.checks.authorize.AuthorizeChecks;
import org.hitcert.checks.bearer.BearerChecks;
import org.hitcert.checks.clientauth.ClientAuthChecks;
import org.hitcert.checks.code.CodeChecks;
import org.hitcert.checks.compat.CompatChecks;
import org.hitcert.checks.crosssite.CrossSiteChecks;
import org.hitcert.checks.dcr.DcrChecks;
import org.hitcert.checks.discovery.DiscoveryChecks;
import org.hitcert.checks.heart.HeartChecks;
import org.hitcert.checks.idtoken.IdTokenChecks;
import org.hitcert.checks.login.LoginChecks;
import org.hitcert.checks.smart.SmartChecks;
import org.hitcert.checks.token.TokenChecks;
import org.hitcert.checks.transport.TransportChecks;
import org.hitcert.checks.userinfo.UserInfoChecks;
import org.hitcert.checks.vuln.VulnChecks;
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
        // one list per area, so that work on one area never touches another's
        return new CheckCatalog(Stream.of(
                DiscoveryChecks.all(),
                AuthorizeChecks.all(),
                CodeChecks.all(),
                TokenChecks.all(),
                ClientAuthChecks.all(),
                SmartChecks.all(),
                BearerChecks.all(),
                TransportChecks.all(),
                IdTokenChecks.all(),
                UserInfoChecks.all(),
                LoginChecks.all(),
                HeartChecks.all(),
                DcrChecks.all(),
                CrossSiteChecks.all(),
                VulnChecks.all(),
                CompatChecks.all())
                .flatMap(List::stream).toList());
    }

    public Optional<Check> check(String id) {
        return Optional.ofNullable(checks.get(id));
    }

    /** The candidate-file {@code claims} keys some check reads ({@link CheckInfo#readsClaim}), sorted. */
    public java.util.SortedSet<String> claimKeys() {
        java.util.SortedSet<String> keys = new java.util.TreeSet<>();
        all().forEach(c -> keys.addAll(c.info().budget().claims()));
        return keys;
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
