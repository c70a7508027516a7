package org.hitcert.checks;

import java.util.List;
import java.util.Objects;
import org.hitcert.model.ParamSpec;

/**
 * What a check is: its stable id ({@code area.subject.property}), a one-line title, the reference
 * candidate's flaws that must make it FAIL, the parameters it takes from the plan, and whether it needs
 * a real browser, and whether it must run alone ({@code runsAlone}: it changes state of the candidate that other
 * checks depend on, such as locking a client out, or its verdict rests on timings that concurrent traffic would
 * disturb). Every other check may run concurrently with any check but those, and with any check that holds
 * none of its {@code locks} (named pieces of state a few checks change, such as a client's JWKS the suite hosts).
 */
public record CheckInfo(String id, String title, List<String> flaws, List<ParamSpec> params, boolean browser,
                        boolean runsAlone, List<String> locks, boolean slow, boolean mayShareLogin,
                        boolean readsNetwork, boolean refreshTokens, Budget budget) {

    /**
     * What a check's time limit is derived from, and the candidate-file {@code claims} it reads.
     *
     * @param claims   the {@code claims} keys the check reads (each also as {@code <key>-<role>} for one client); a
     *                 candidate file may name no other key
     * @param waitsFor the claim whose lifetime the check waits out on purpose (a code's, a refresh token's), or empty;
     *                 the check's {@link Check#plannedWait} says how long for a given candidate
     * @param flows    browser flows (logins, authorization requests in the browser) the check does at most, besides
     *                 any counted by {@code flowsPer}
     * @param flowsPer a plan parameter of the check (a list, or an integer) whose size or value adds as many flows, or
     *                 empty
     */
    public record Budget(List<String> claims, String waitsFor, int flows, String flowsPer) {
        public static final Budget NONE = new Budget(List.of(), "", 1, "");

        public Budget {
            claims = List.copyOf(claims);
            Objects.requireNonNull(waitsFor, "waitsFor");
            Objects.requireNonNull(flowsPer, "flowsPer");
        }
    }

    /** A check whose time limit is the run's default (no deliberate wait, one browser flow at most). */
    public CheckInfo(String id, String title, List<String> flaws, List<ParamSpec> params, boolean browser,
                     boolean runsAlone, List<String> locks, boolean slow, boolean mayShareLogin, boolean readsNetwork) {
        this(id, title, flaws, params, browser, runsAlone, locks, slow, mayShareLogin, readsNetwork, false, Budget.NONE);
    }

    /** A check that may run concurrently with others. */
    public CheckInfo(String id, String title, List<String> flaws, List<ParamSpec> params, boolean browser) {
        this(id, title, flaws, params, browser, false, List.of(), false, false, false);
    }

    public CheckInfo(String id, String title, List<String> flaws, List<ParamSpec> params, boolean browser,
                     boolean runsAlone) {
        this(id, title, flaws, params, browser, runsAlone, List.of(), false, false, false);
    }

    public CheckInfo(String id, String title, List<String> flaws, List<ParamSpec> params, boolean browser,
                     boolean runsAlone, List<String> locks) {
        this(id, title, flaws, params, browser, runsAlone, locks, false, false, false);
    }

    /**
     * This check, declared to read the candidate file's claim {@code key} (and {@code key-<role>}): a key no check
     * reads is a mistake the loader reports.
     */
    public CheckInfo readsClaim(String key) {
        List<String> more = new java.util.ArrayList<>(budget.claims());
        more.add(key);
        return with(new Budget(more, budget.waitsFor(), budget.flows(), budget.flowsPer()));
    }

    /**
     * This check, declared to wait on purpose for a lifetime the candidate claims under {@code claim} (a code's, a
     * refresh token's): it is slow, reads that claim, and its time limit grows by its {@link Check#plannedWait}, which
     * the run states before it starts.
     */
    public CheckInfo waitsFor(String claim) {
        CheckInfo c = readsClaim(claim).takesLong();
        return c.with(new Budget(c.budget().claims(), claim, budget.flows(), budget.flowsPer()));
    }

    /** This check, declared to do up to {@code n} browser flows (each may wait a step timeout or two). */
    public CheckInfo browserFlows(int n) {
        return with(new Budget(budget.claims(), budget.waitsFor(), n, budget.flowsPer()));
    }

    /** This check, declared to do one more browser flow per element (or unit) of its plan parameter {@code param}. */
    public CheckInfo browserFlowsPer(ParamSpec param) {
        return with(new Budget(budget.claims(), budget.waitsFor(), budget.flows(), param.name()));
    }

    private CheckInfo with(Budget b) {
        return new CheckInfo(id, title, flaws, params, browser, runsAlone, locks, slow, mayShareLogin, readsNetwork, refreshTokens, b);
    }

    /** This check, declared to run alone (no other check runs while it does). */
    public CheckInfo alone() {
        return new CheckInfo(id, title, flaws, params, browser, true, locks, slow, mayShareLogin, readsNetwork, refreshTokens, budget);
    }

    /** This check, holding the named lock while it runs: no other check holding it runs at the same time. */
    public CheckInfo locking(String lock) {
        List<String> more = new java.util.ArrayList<>(locks);
        more.add(lock);
        return new CheckInfo(id, title, flaws, params, browser, runsAlone, more, slow, mayShareLogin, readsNetwork, refreshTokens, budget);
    }

    /**
     * This check, declared slow whatever the machine: it waits on purpose (a token left to expire) or logs in many
     * times. A run starts slow checks first, so they do not end it alone.
     */
    public CheckInfo takesLong() {
        return new CheckInfo(id, title, flaws, params, browser, runsAlone, locks, true, mayShareLogin, readsNetwork, refreshTokens, budget);
    }

    /**
     * This check, declared to need "a valid code" for its user and not a login of its own: what it decides is the
     * token endpoint's or the API's behaviour, not the login's, so its ordinary authorization requests may be answered
     * over the run's signed-in session of that user (single sign-on, {@link org.hitcert.support.SignedInSessions})
     * instead of a new login in the browser. Checks that judge the login, the consent, the session or the browser
     * must not say so, nor checks that end a grant (replay a code, reuse a refresh token, revoke any token: RFC 7009 §2.1
     * lets revoking an access token revoke its grant): a server that keeps one grant per session revokes with it every
     * token of the checks riding on that session (issue 18 A8; oidc-provider does, for each of the three).
     */
    public CheckInfo sharesLogin() {
        return new CheckInfo(id, title, flaws, params, browser, runsAlone, locks, slow, true, readsNetwork, refreshTokens, budget);
    }

    /**
     * This check, declared to read refresh tokens from its code flows. The others' requests over the run's signed-in
     * session ({@link #sharesLogin}) ask for the client's scope without {@code offline_access}: OpenID Connect Core §11
     * lets a server answer {@code offline_access} with a fresh login and consent every time (it needs
     * {@code prompt=consent}), and a check that needs only a code or an access token has no use for the refresh token
     * it asks for. Their requests stay valid requests of the registered client (a subset of its scope).
     */
    public CheckInfo readsRefreshTokens() {
        return new CheckInfo(id, title, flaws, params, browser, runsAlone, locks, slow, mayShareLogin, readsNetwork, true, budget);
    }

    /**
     * This check, declared to read the browser's network events ({@code BrowserSession#networkEvents}: the statuses
     * and headers of what the browser sent and was answered). Its browser logs them; the others' do not, since
     * chromedriver then forwards every network event of every page (about 3 CPU-s of a full run among browser,
     * chromedriver and JVM).
     */
    public CheckInfo readsNetworkEvents() {
        return new CheckInfo(id, title, flaws, params, browser, runsAlone, locks, slow, mayShareLogin, true, refreshTokens, budget);
    }

    /**
     * What the run expects this check to cost, in rough units: to start the costly ones first. A check that runs alone
     * comes after all (0): every other check would wait while it runs, and last it waits for none. Last, too, it need
     * not wait for the candidate to recover from it (a throttled client), since no check follows
     * ({@link CheckContext#checksFollow}); first, that wait left the processors idle. A check that does a browser flow
     * per item of a plan parameter comes first of all: on a server that asks consent each time, the redirect variants
     * took 90 s and, started late, ended the run alone.
     */
    public int expectedCost() {
        if (runsAlone) {
            return 0;
        }
        if (!budget.flowsPer().isEmpty()) {
            return 12; // a browser flow per item of a plan parameter: the redirect variants, the code samples
        }
        return slow ? 10 : browser ? 3 * Math.max(1, Math.min(3, budget.flows())) : 1;
    }

    public CheckInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        flaws = List.copyOf(flaws);
        params = List.copyOf(params);
        locks = List.copyOf(locks);
        Objects.requireNonNull(budget, "budget");
        if (!id.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+")) {
            throw new IllegalArgumentException("check id '" + id + "' is not dotted lower-case (area.subject.property)");
        }
        if (flaws.isEmpty()) {
            throw new IllegalArgumentException("check '" + id + "' names no flaw that fails it: a check that cannot fail is a defect");
        }
    }

    /** The area: the first segment of the id (discovery, authorize, token, bearer, ...). */
    public String area() {
        return id.substring(0, id.indexOf('.'));
    }
}
