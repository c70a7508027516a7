package org.hitcert.checks;

import com.fasterxml.jackson.databind.JsonNode;
import org.hitcert.model.Evidence;
import org.hitcert.model.Params;
import org.hitcert.support.BrowserSession;
import org.hitcert.support.CodeFlow;
import org.hitcert.support.Http;
import org.hitcert.support.Target;

/** Everything a check may use to reach the candidate and record what it saw. */
public interface CheckContext {

    /** The parameters the plan gives this check, typed by the check's {@link CheckInfo#params()}. */
    Params params();

    /** The candidate: endpoints, clients, users, login automation. */
    Target target();

    /** HTTP to the candidate's allowed hosts, recorded as this check's evidence. */
    Http http();

    /** The browser, reset for this check; throws {@link Inconclusive} when none can be started. */
    BrowserSession browser();

    /** The authorization code flow, driven in {@link #browser()}. */
    CodeFlow flow();

    /**
     * The browsers the run lists for the compatibility matrix ({@code --browser}, repeatable), as
     * {@code BrowserKind} specs; the run's own browser ({@link #browser()}) is {@link #runBrowserKind()}.
     */
    java.util.List<String> browserKinds();

    /** The spec of the browser {@link #browser()} gives. */
    String runBrowserKind();

    /**
     * A session in the listed browser {@code kind}: {@link #browser()} for the run's own, else one started for this
     * check with the same host confinement, given back when the check ends. Throws {@link Inconclusive} when it
     * cannot be started.
     */
    BrowserSession browser(String kind);

    /** The authorization code flow, driven in {@code session} (one of this check's browser sessions). */
    CodeFlow flow(BrowserSession session);

    /**
     * A token response for the candidate's {@code public} client and {@code default} user, obtained once per
     * run through the code flow and shared by the checks that only need a valid access token. Throws
     * {@link Inconclusive} when none could be obtained.
     */
    JsonNode sharedTokens();

    /** The one-line reason for a PASS: what was observed that satisfies the requirement. */
    void pass(String reason);

    /**
     * A deliberate wait (for a token, code or session to expire), bounded by the caller. The run may start another
     * check meanwhile; the check goes on once a place is free again.
     */
    default void pause(java.time.Duration wait) throws InterruptedException {
        Thread.sleep(wait.toMillis());
    }

    /**
     * The longest a check of this run may wait on purpose for a lifetime the candidate claims (the run's
     * {@code hitcert.max-wait}, default 900 s); a check whose claimed wait is longer says INCONCLUSIVE up front.
     */
    default java.time.Duration maxWait() {
        return java.time.Duration.ofSeconds(900);
    }

    /**
     * Whether another check of this run has yet to end. A check that leaves the candidate disturbed (a client
     * throttled) lets it recover before it ends only then. True when the run cannot tell.
     */
    default boolean checksFollow() {
        return true;
    }

    /** Adds evidence (already free of secrets) to this check's record. */
    void evidence(Evidence evidence);

    default void note(String title, String text) {
        evidence(Evidence.note(title, text));
    }
}
