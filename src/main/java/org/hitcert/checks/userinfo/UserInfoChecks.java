package org.hitcert.checks.userinfo;

import java.util.List;
import org.hitcert.checks.Check;

/** The checks of the UserInfo area, in the order they run. */
public final class UserInfoChecks {

    private UserInfoChecks() {
    }

    public static List<Check> all() {
        return List.of(
                new EnsureUserInfoMethodsAndSubject(),
                new EnsureUserInfoErrors(),
                new EnsureUserInfoClaimsFollowScope());
    }
}
