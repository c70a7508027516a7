package org.hitcert.checks.authorize;

import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.support.Target;

/** The client and user a browser flow runs with: the candidate's public client, else its confidential one. */
final class Clients {

    private Clients() {
    }

    static ClientSpec browserClient(Target target) {
        return target.client("public").or(() -> target.client("confidential")).orElseThrow(() -> new Inconclusive(
                "the candidate file registers no public or confidential client for browser flows"));
    }

    static UserSpec defaultUser(Target target) {
        return target.user("default").orElseThrow(() -> new Inconclusive("the candidate file names no default test user"));
    }
}
