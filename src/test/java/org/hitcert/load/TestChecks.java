package org.hitcert.load;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hitcert.model.KnownChecks;
import org.hitcert.model.ParamSpec;

/** A few check ids with parameters of every type, in a fixed order, for the loader tests. */
final class TestChecks implements KnownChecks {

    static final ParamSpec VARIANTS = new ParamSpec("variants", ParamSpec.Type.STRING_LIST, List.of(), "variants");
    static final ParamSpec STRICT = new ParamSpec("strict", ParamSpec.Type.BOOLEAN, true, "strict");
    static final ParamSpec METHOD = new ParamSpec("method", ParamSpec.Type.STRING, "S256", "method");
    static final ParamSpec ATTEMPTS = new ParamSpec("attempts", ParamSpec.Type.INTEGER, 1L, "attempts");

    static final Set<String> FLAWS = Set.of("pkce-optional", "state-dropped", "fhir-open");

    private final Map<String, List<ParamSpec>> checks = new LinkedHashMap<>();

    TestChecks() {
        checks.put("discovery.oidc.consistent", List.of(VARIANTS, STRICT));
        checks.put("authorize.pkce.required", List.of());
        checks.put("authorize.code-flow.pkce", List.of(METHOD, ATTEMPTS));
        checks.put("token.cache.no-store", List.of());
    }

    @Override
    public Collection<String> ids() {
        return checks.keySet();
    }

    @Override
    public Optional<List<ParamSpec>> params(String checkId) {
        return Optional.ofNullable(checks.get(checkId));
    }
}
