package org.hitcert.checks.token;

import java.util.List;
import org.hitcert.checks.Check;

/** The checks of the token area, in the order they run. */
public final class TokenChecks {

    private TokenChecks() {
    }

    public static List<Check> all() {
        return List.of(
                new EnsureTokenResponsesNotCached());
    }
}
