package org.hitcert.checks.token;

import java.util.List;
import org.hitcert.checks.Check;

/** The checks of the token area, in the order they run. */
public final class TokenChecks {

    private TokenChecks() {
    }

    public static List<Check> all() {
        return List.of(
                new EnsureTokenResponsesNotCached(),
                new RefuseMalformedTokenRequests(),
                new ChallengeFailedBasicAuthentication(),
                new RequireConfidentialClientAuthentication(),
                new RefusePasswordGrant(),
                new EnsureTokenResponseMembers(),
                new LimitAccessTokenLifetime(),
                new RotatePublicRefreshTokens(),
                new RevokeFamilyOnRefreshReuse(),
                new BindRefreshTokenToClient(),
                new RefuseRefreshScopeWidening(),
                new OmitRefreshTokenForClientCredentials(),
                new GateRefreshTokens(),
                new ExpireIdleRefreshTokens(),
                new RequireIntrospectionAuthorization(),
                new ReportActiveTokenDetails(),
                new ReportInactiveTokens(),
                new ReportInactiveTokensBare(),
                new RefuseIntrospectionByGet(),
                new RevokeRefreshToken(),
                new RevokeRefreshTokenWithItsAccessTokens(),
                new AnswerRevocationOfInvalidTokens(),
                new RequireRevocationAuthorization(),
                new SearchAllTypesOnRevocation(),
                new RevokeTokensOnCodeReplay());
    }
}
