package org.hitcert.checks.clientauth;

import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.util.Optional;
import org.hitcert.checks.CheckContext;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HostedJwks;

/**
 * Whether the candidate was seen reaching the host the suite serves from (its callback origin, where the client JWKS
 * and the jku live): a refusal of an assertion whose key lives there proves nothing unless the candidate could fetch it
 * (DESIGN rule 8). Shown when the {@code backend-jwks-uri} client's baseline assertion authenticates and the JWKS the
 * suite hosts for it has been fetched. The caller holds the {@code hosted-jwks} lock.
 */
final class SuiteHostReach {

    private SuiteHostReach() {
    }

    /** Empty when the reach is shown (after a baseline of the jwks_uri client if needed); else why it is not. */
    static Optional<String> unshown(CheckContext ctx) {
        URI callback = ctx.target().callback();
        String origin = callback.getScheme() + "://" + callback.getHost() + ":" + callback.getPort();
        String expose = "; the candidate must reach the suite at " + origin + " (the candidate file's callback: give an "
                + "address the candidate can reach, and register the jwks_uri client there)";
        Optional<ClientSpec> client = ctx.target().client(RespectJwksCacheControl.ROLE)
                .filter(c -> c.authMethod().equals("private_key_jwt") && c.privateKey().isPresent());
        if (client.isEmpty()) {
            return Optional.of("the candidate file declares no client registered by a jwks_uri the suite hosts (role "
                    + RespectJwksCacheControl.ROLE + "), so nothing shows that the candidate can fetch from the suite's host"
                    + expose);
        }
        AssertionProbe probe = AssertionProbe.of(ctx, client.get());
        Optional<HostedJwks> hosted = HostedJwks.serve(callback, client.get().clientId(),
                new JWKSet(probe.assertions().privateKey()));
        if (hosted.isEmpty()) {
            return Optional.of("the suite's callback server (" + callback + ") is not running in this process" + expose);
        }
        try (HostedJwks jwks = hosted.get()) {
            TokenAnswer baseline = probe.baselineUnlessLocked();
            int fetched = HostedJwks.fetchesEver(jwks.uri());
            if (baseline.tokenIssued() && fetched > 0) {
                ctx.note("suite host reached", "the candidate fetched " + jwks.uri() + " " + fetched + " time(s) in this run, "
                        + "and client " + client.get().clientId() + "'s baseline assertion signed with the key it holds "
                        + "authenticated");
                return Optional.empty();
            }
            return Optional.of("client " + client.get().clientId() + "'s baseline assertion, signed with the key the suite "
                    + "hosts at " + jwks.uri() + ", got " + baseline.describe() + " and that JWKS was fetched " + fetched
                    + " time(s) in this run" + expose);
        }
    }
}
