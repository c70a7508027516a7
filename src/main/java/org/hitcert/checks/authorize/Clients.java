package org.hitcert.checks.authorize;

import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.support.Target;

/** The client and user a browser flow runs with: the candidate's public client, else its confidential one. */
final class Clients {

    private Clients() {
    }

    static ClientSpec browserClient(Target target) {
        return org.hitcert.checks.Checks.browserClient(target);
    }

    static UserSpec defaultUser(Target target) {
        return org.hitcert.checks.Checks.user(target, "default");
    }
}
