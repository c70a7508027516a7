package org.hitcert.checks.clientauth;

import java.util.List;
import org.hitcert.checks.Check;

/** The checks of private_key_jwt client authentication (RFC 7523, SMART asymmetric), in the order they run. */
public final class ClientAuthChecks {

    private ClientAuthChecks() {
    }

    public static List<Check> all() {
        return List.of(
                new AcceptBaselineAssertion(),
                new RejectBrokenSignature(),
                new RejectForeignAudience(),
                new RejectStaleAssertion(),
                new CapAssertionLifetime(),
                new RequireSingleUseJti(),
                new RejectUnsignedAssertion(),
                new RejectHmacKeyConfusion(),
                new RequireMatchingIssuerAndSubject(),
                new RequireRegisteredKid(),
                new RejectForeignClientKey(),
                new RequireAssertionType(),
                new RejectMultiAudience(),
                new RejectUnlistedAlgorithm(),
                new RejectHeaderKeys(),
                new RespectJwksCacheControl(),
                new RefuseUnregisteredKeyUnderDuplicateKid());
    }
}
