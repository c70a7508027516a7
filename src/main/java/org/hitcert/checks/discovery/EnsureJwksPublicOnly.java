package org.hitcert.checks.discovery;

import static org.hitcert.checks.Checks.fail;
import static org.hitcert.checks.Checks.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.support.HttpExchange;

/**
 * OIDC Core §10.1.1 and SMART ("bare JWK" public keys): the JWKS at jwks_uri publishes public keys only, each with
 * kty (RFC 7517 §4.1) and a kid, and no two keys share a kid (RFC 7517 §4.5). Private or symmetric members
 * (d, p, q, dp, dq, qi, oth, k) in a published set hand out the server's signing key.
 */
public final class EnsureJwksPublicOnly implements Check {

    static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    @Override
    public CheckInfo info() {
        return new CheckInfo("discovery.jwks.public-only",
                "The JWKS publishes public keys only, each with kty and kid, with no duplicate kid",
                List.of("jwks-private-key-leak"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        URI uri = ctx.target().endpoint("jwks").orElseThrow(() -> fail(
                "the candidate states no jwks_uri; OIDC Discovery §3 requires it"));
        HttpExchange x = ctx.http().get(uri, "Accept", "application/json");
        if (x.status() != 200) {
            throw fail("expected 200 with the JWKS at " + uri + ", got " + x.summary());
        }
        JsonNode keys = json(x, "the JWKS").get("keys");
        if (keys == null || !keys.isArray() || keys.isEmpty()) {
            throw fail("the JWKS has no non-empty \"keys\" array (RFC 7517 §5)");
        }
        List<String> problems = problems(keys);
        if (!problems.isEmpty()) {
            throw fail("the JWKS at " + uri + ": " + String.join("; ", problems));
        }
        ctx.pass(keys.size() + " key(s), public members only, each with kty and a distinct kid");
    }

    /** Every defect of a JWKS "keys" array, in words; empty when there is none. */
    static List<String> problems(JsonNode keys) {
        List<String> problems = new ArrayList<>();
        Set<String> kids = new HashSet<>();
        int i = 0;
        for (JsonNode key : keys) {
            String name = "key " + i + (key.hasNonNull("kid") ? " (kid '" + key.get("kid").asText() + "')" : "");
            List<String> secret = PRIVATE_MEMBERS.stream().filter(key::has).toList();
            if (!secret.isEmpty()) {
                problems.add(name + " publishes private or symmetric key material " + secret
                        + " (OIDC Core §10.1.1: public keys only; the signing key is exposed)");
            }
            if (!key.hasNonNull("kty")) {
                problems.add(name + " has no kty (RFC 7517 §4.1)");
            }
            if (!key.hasNonNull("kid")) {
                problems.add(name + " has no kid (SMART and HEART require one per key)");
            } else if (!kids.add(key.get("kid").asText())) {
                problems.add(name + " repeats a kid (RFC 7517 §4.5: kids must differ within a set)");
            }
            i++;
        }
        return problems;
    }
}
