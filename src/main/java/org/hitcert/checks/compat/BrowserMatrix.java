package org.hitcert.checks.compat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The browser × profile matrix of one authorization-code flow each, and the verdict it supports: PASS only when
 * the flow completed in the desktop profile of every listed browser and failed in no profile; FAIL when the candidate
 * refused or broke it in one; INCONCLUSIVE when a listed browser could not be observed.
 */
final class BrowserMatrix {

    enum Outcome { COMPLETED, FAILED, NOT_OBSERVED }

    /**
     * The flow's stages, the columns of the report's matrix: the login page, the consent page, the authorization
     * response at the redirect URI, and its code redeemed at the token endpoint. (Not named "code" and "token": the
     * redactor masks values under such names.)
     */
    static final List<String> STAGES = List.of("login", "consent", "redirect", "redeem");

    /**
     * One cell: a browser in one profile.
     *
     * @param stages what each of {@link #STAGES} did: {@code done}, {@code not asked}, {@code failed}, {@code not reached}
     */
    record Cell(String browser, String profile, Outcome outcome, String detail, Map<String, String> stages) {
        Cell {
            Objects.requireNonNull(browser, "browser");
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(detail, "detail");
            stages = Map.copyOf(stages);
        }

        boolean desktop() {
            return profile.equals(DESKTOP);
        }

        String name() {
            return browser + (desktop() ? "" : " (" + profile + ")");
        }
    }

    static final String DESKTOP = "desktop";
    static final String MOBILE = "mobile";

    enum Kind { PASS, FAIL, INCONCLUSIVE }

    record Decision(Kind kind, String reason) {
    }

    private BrowserMatrix() {
    }

    static Decision decide(List<Cell> cells, int listed) {
        List<Cell> failed = cells.stream().filter(c -> c.outcome() == Outcome.FAILED).toList();
        if (!failed.isEmpty()) {
            return new Decision(Kind.FAIL, "the authorization-code flow did not complete in " + failed.stream()
                    .map(c -> c.name() + ": " + c.detail()).collect(Collectors.joining("; "))
                    + completedNote(cells));
        }
        List<Cell> unobservedDesktop = cells.stream().filter(c -> c.desktop() && c.outcome() == Outcome.NOT_OBSERVED).toList();
        if (cells.stream().noneMatch(c -> c.outcome() == Outcome.COMPLETED) || !unobservedDesktop.isEmpty()) {
            List<Cell> why = unobservedDesktop.isEmpty() ? cells : unobservedDesktop;
            return new Decision(Kind.INCONCLUSIVE, "the flow could not be observed in " + why.stream()
                    .map(c -> c.name() + ": " + c.detail()).collect(Collectors.joining("; ")) + completedNote(cells));
        }
        List<String> notRun = cells.stream().filter(c -> c.outcome() == Outcome.NOT_OBSERVED)
                .map(c -> c.name() + " not run: " + c.detail()).toList();
        String done = cells.stream().filter(c -> c.outcome() == Outcome.COMPLETED).map(Cell::name)
                .collect(Collectors.joining(", "));
        return new Decision(Kind.PASS, "the authorization-code flow completed: login" + (cells.stream().anyMatch(c -> "done".equals(c.stages().get("consent")))
                ? " and consent" : "") + " led to a code that redeemed for a token in " + done
                + (notRun.isEmpty() ? "" : "; " + String.join("; ", notRun))
                + (listed == 1 ? "; only one browser was listed: name more with --browser (e.g. grid#MicrosoftEdge on --grid)" : ""));
    }

    private static String completedNote(List<Cell> cells) {
        List<String> ok = cells.stream().filter(c -> c.outcome() == Outcome.COMPLETED).map(Cell::name).toList();
        return ok.isEmpty() ? "" : " (completed in " + String.join(", ", ok) + ")";
    }

    /** The matrix as evidence details: the columns and one row per cell, which the report shows as a table. */
    static Map<String, Object> evidence(List<Cell> cells) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("columns", STAGES);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Cell c : cells) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("browser", c.browser());
            row.put("profile", c.profile());
            row.put("outcome", c.outcome().name());
            for (String stage : STAGES) {
                row.put(stage, c.stages().getOrDefault(stage, "not reached"));
            }
            row.put("detail", c.detail());
            rows.add(row);
        }
        details.put("rows", rows);
        return details;
    }
}
