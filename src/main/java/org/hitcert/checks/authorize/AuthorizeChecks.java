package org.hitcert.checks.authorize;

import java.util.List;
import org.hitcert.checks.Check;

/** The checks of the authorize area, in the order they run. */
public final class AuthorizeChecks {

    private AuthorizeChecks() {
    }

    public static List<Check> all() {
        return List.of(
                new FollowCodeFlowWithPkce(),
                new RequirePkce(),
                new RefusePlainPkce(),
                new ReturnStateVerbatim(),
                new SendIssInAuthorizationResponses(),
                new EnsureRedirectUriExactMatch(),
                new MatchLoopbackRedirectsButPort(),
                new RefuseRedirectForUnverifiedRequests(),
                new HoldErrorsUntilLogin(),
                new RefuseUnknownResponseTypes(),
                new RefuseTokensInFragment(),
                new RefuseUnknownScopes(),
                new RefuseDuplicatedParameters(),
                new AcceptGetAndPost(),
                new AnswerPromptNoneWithoutUi(),
                new AvoidRepostingRedirects());
    }
}
