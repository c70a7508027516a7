package org.hitcert.support;

import java.util.Objects;
import java.util.Optional;
import org.hitcert.support.AuthorizationEnding.Kind;

/**
 * Whether the authorization server refused a mutated authorization request (DESIGN rule 8): a refusal counts only when
 * it is positively recognised (an error redirect, an error page after a login that succeeded, no login form offered)
 * <em>and</em> the same request with the mutation undone, for the same client and user in the same run, got the login
 * form or a code (the positive control). A code for the mutated request is {@link Outcome#GRANTED}: the check decides
 * what it means. Everything else is {@link Outcome#INCONCLUSIVE}, naming what did not work.
 */
public final class RefusalDecision {

    public enum Outcome { GRANTED, REFUSED, INCONCLUSIVE }

    private final Outcome outcome;
    private final String reason;
    private final AuthorizationEnding mutated;
    private final Optional<AuthorizationEnding> control;

    private RefusalDecision(Outcome outcome, String reason, AuthorizationEnding mutated, Optional<AuthorizationEnding> control) {
        this.outcome = outcome;
        this.reason = reason;
        this.mutated = mutated;
        this.control = control;
    }

    /**
     * Decides from the mutated request's ending and the positive control's (empty when none was run: a code or an
     * ending that is no refusal needs none).
     *
     * @param mutation what was changed, for the reason ("no code_challenge")
     */
    public static RefusalDecision decide(String mutation, AuthorizationEnding mutated, Optional<AuthorizationEnding> control) {
        Objects.requireNonNull(mutation, "mutation");
        Objects.requireNonNull(mutated, "mutated");
        Objects.requireNonNull(control, "control");
        if (mutated.kind() == Kind.CODE) {
            return new RefusalDecision(Outcome.GRANTED, mutation + ": " + mutated.detail(), mutated, control);
        }
        if (!mutated.refusalLike()) {
            return new RefusalDecision(Outcome.INCONCLUSIVE, mutation + ": no refusal recognised, " + describe(mutated),
                    mutated, control);
        }
        if (control.isEmpty()) {
            return new RefusalDecision(Outcome.INCONCLUSIVE, mutation + ": " + mutated.detail() + ", but no positive control "
                    + "was run (the same request without the mutation)", mutated, control);
        }
        AuthorizationEnding c = control.get();
        if (c.kind() == Kind.CODE || c.kind() == Kind.LOGIN_FORM) {
            return new RefusalDecision(Outcome.REFUSED, mutation + ": " + mutated.detail() + "; the same request without it "
                    + (c.kind() == Kind.CODE ? "got a code" : "got the login form"), mutated, control);
        }
        return new RefusalDecision(Outcome.INCONCLUSIVE, mutation + ": " + mutated.detail() + ", but the same request "
                + "without it got neither the login form nor a code either (" + describe(c) + "), so the refusal is not shown "
                + "to be for the mutation", mutated, control);
    }

    private static String describe(AuthorizationEnding e) {
        return switch (e.kind()) {
            case SERVER_ERROR -> "a server error: " + e.detail();
            case NAVIGATION_ERROR -> "a navigation error: " + e.detail();
            default -> e.detail();
        };
    }

    public Outcome outcome() {
        return outcome;
    }

    /** One line for the verdict: the mutation, what the server did, and the positive control. */
    public String reason() {
        return reason;
    }

    public AuthorizationEnding mutated() {
        return mutated;
    }

    public Optional<AuthorizationEnding> control() {
        return control;
    }

    @Override
    public String toString() {
        return outcome + ": " + reason;
    }
}
