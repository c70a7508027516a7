package org.hitcert.checks.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.hitcert.checks.compat.BrowserMatrix.Cell;
import org.hitcert.checks.compat.BrowserMatrix.Kind;
import org.hitcert.checks.compat.BrowserMatrix.Outcome;
import org.junit.jupiter.api.Test;

class BrowserMatrixTest {

    private static Cell cell(String browser, String profile, Outcome outcome, String detail) {
        return new Cell(browser, profile, outcome, detail, Map.of("login", "done", "consent", "done"));
    }

    @Test
    void whenTheFlowCompletesEverywhereThenPassNamesEachBrowserAndProfile() {
        BrowserMatrix.Decision d = BrowserMatrix.decide(List.of(cell("chrome 156", "desktop", Outcome.COMPLETED, "ok"),
                cell("chrome 156", "mobile", Outcome.COMPLETED, "ok"), cell("Chromium 156", "desktop", Outcome.COMPLETED, "ok")), 2);
        assertThat(d.kind()).isEqualTo(Kind.PASS);
        assertThat(d.reason()).contains("login and consent").contains("chrome 156, chrome 156 (mobile), Chromium 156")
                .doesNotContain("only one browser");
    }

    @Test
    void whenOnlyOneBrowserIsListedThenThePassSaysSo() {
        BrowserMatrix.Decision d = BrowserMatrix.decide(List.of(cell("Chromium 156", "desktop", Outcome.COMPLETED, "ok")), 1);
        assertThat(d.kind()).isEqualTo(Kind.PASS);
        assertThat(d.reason()).contains("only one browser was listed");
    }

    @Test
    void whenOneProfileIsRefusedThenFailNamesItAndWhatCompleted() {
        BrowserMatrix.Decision d = BrowserMatrix.decide(List.of(cell("Chromium 156", "desktop", Outcome.COMPLETED, "ok"),
                cell("Chromium 156", "mobile", Outcome.FAILED, "page 'Unsupported browser' offers no form")), 1);
        assertThat(d.kind()).isEqualTo(Kind.FAIL);
        assertThat(d.reason()).contains("Chromium 156 (mobile): page 'Unsupported browser'").contains("(completed in Chromium 156)");
    }

    @Test
    void whenAListedBrowserCouldNotStartThenTheMatrixIsInconclusiveNotPass() {
        BrowserMatrix.Decision d = BrowserMatrix.decide(List.of(cell("Chromium 156", "desktop", Outcome.COMPLETED, "ok"),
                cell("grid:http://127.0.0.1:4444#chrome", "desktop", Outcome.NOT_OBSERVED, "no session")), 2);
        assertThat(d.kind()).isEqualTo(Kind.INCONCLUSIVE);
        assertThat(d.reason()).contains("grid:http://127.0.0.1:4444#chrome: no session");
    }

    @Test
    void whenOnlyThePhoneProfileCannotBeEmulatedThenPassSaysItWasNotRun() {
        BrowserMatrix.Decision d = BrowserMatrix.decide(List.of(cell("MicrosoftEdge 140", "desktop", Outcome.COMPLETED, "ok"),
                cell("MicrosoftEdge 140", "mobile", Outcome.NOT_OBSERVED, "the browser offers no device emulation here")), 1);
        assertThat(d.kind()).isEqualTo(Kind.PASS);
        assertThat(d.reason()).contains("MicrosoftEdge 140 (mobile) not run: the browser offers no device emulation here");
    }

    @Test
    void whenARefusalAndAnUnobservedBrowserMeetThenFailWins() {
        BrowserMatrix.Decision d = BrowserMatrix.decide(List.of(cell("a", "desktop", Outcome.NOT_OBSERVED, "x"),
                cell("b", "desktop", Outcome.FAILED, "y")), 2);
        assertThat(d.kind()).isEqualTo(Kind.FAIL);
    }

    @Test
    void whenReasonsQuoteTheRequestUrlThenItsQueryIsDropped() {
        assertThat(CompleteCodeFlowInEveryBrowser.withoutQueries("stopped at https://h:1/authorize?state=x&y=z (page title 'U')"))
                .isEqualTo("stopped at https://h:1/authorize (page title 'U')");
    }
}
