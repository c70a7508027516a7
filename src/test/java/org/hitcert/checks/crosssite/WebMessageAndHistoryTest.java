package org.hitcert.checks.crosssite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.hitcert.checks.CheckFailure;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.crosssite.EnsureWebMessagesTargetClientOrigin.Leg;
import org.hitcert.checks.crosssite.EnsureWebMessagesTargetClientOrigin.Message;
import org.hitcert.checks.crosssite.KeepTokensOutOfBrowserHistory.Holding;
import org.hitcert.support.Browser.HistoryEntry;
import org.junit.jupiter.api.Test;

/** The decisions of XS-POSTMESSAGE and XS-TOKEN-IN-HISTORY over recorded browser observations. */
class WebMessageAndHistoryTest {

    private static final String CLIENT = "https://127.0.0.1:1000";
    private static final String ATTACKER = "https://localhost:2000";
    private static final String AS = "https://as.example";

    private static Leg leg(String who, boolean reached, List<Message> messages, List<String> targets) {
        return new Leg(who, reached, messages, targets, AS + "/consent", Optional.empty());
    }

    private static final Leg DELIVERED = leg("client's page", true, List.of(new Message(AS, true, true)), List.of(CLIENT));

    @Test
    void whenTheAttackerReceivesTheStateThenFail() {
        Leg attacked = leg("attacker's page", true, List.of(new Message(AS, true, true)), List.of());
        assertThatThrownBy(() -> EnsureWebMessagesTargetClientOrigin.decide(CLIENT, ATTACKER, "app", DELIVERED, attacked))
                .isInstanceOf(CheckFailure.class).hasMessageContaining("attacker's page on " + ATTACKER)
                .hasMessageContaining("its state and a code").hasMessageContaining("expected targetOrigin " + CLIENT);
    }

    @Test
    void whenTheScriptTargetsAnyOriginThenFailEvenIfNothingWasStolen() {
        Leg own = leg("client's page", true, List.of(new Message(AS, true, true)), List.of("*"));
        Leg attacked = leg("attacker's page", true, List.of(), List.of());
        assertThatThrownBy(() -> EnsureWebMessagesTargetClientOrigin.decide(CLIENT, ATTACKER, "app", own, attacked))
                .isInstanceOf(CheckFailure.class).hasMessageContaining("targetOrigin \"*\"");
    }

    @Test
    void whenAMessageWithoutThisStateReachesTheAttackerThenItIsNotCountedAsStolen() {
        Leg attacked = leg("attacker's page", true, List.of(new Message(AS, false, false)), List.of(CLIENT));
        assertThat(EnsureWebMessagesTargetClientOrigin.decide(CLIENT, ATTACKER, "app", DELIVERED, attacked))
                .contains("reached the client's page on " + CLIENT).contains("not the attacker's page on " + ATTACKER)
                .contains("targetOrigin " + CLIENT);
    }

    @Test
    void whenTheClientsOwnPageGetsNothingThenInconclusive() {
        Leg own = new Leg("client's page", false, List.of(), List.of(), AS + "/login", Optional.of("login step 1 found nothing"));
        Leg attacked = leg("attacker's page", true, List.of(), List.of());
        assertThatThrownBy(() -> EnsureWebMessagesTargetClientOrigin.decide(CLIENT, ATTACKER, "app", own, attacked))
                .isInstanceOf(Inconclusive.class).hasMessageContaining("received no authorization response")
                .hasMessageContaining("login step 1 found nothing");
    }

    @Test
    void whenTheAttackersPopupNeverReachedAResponseThenInconclusiveNotPass() {
        Leg attacked = new Leg("attacker's page", false, List.of(), List.of(), AS + "/login", Optional.of("no element"));
        assertThatThrownBy(() -> EnsureWebMessagesTargetClientOrigin.decide(CLIENT, ATTACKER, "app", DELIVERED, attacked))
                .isInstanceOf(Inconclusive.class).hasMessageContaining("did not reach a response page");
    }

    @Test
    void whenScriptsPostMessagesThenTheirTargetOriginsAreRead() {
        String reference = "(function () { var t = window.opener; if (t) { t.postMessage({\"type\":\"authorization_response\","
                + "\"response\":{\"code\":\"a,b)\",\"state\":\"s'(\"}}, \"https://127.0.0.1:1000\"); } window.close(); })();";
        assertThat(EnsureWebMessagesTargetClientOrigin.targetOrigins(reference)).containsExactly("https://127.0.0.1:1000");
        assertThat(EnsureWebMessagesTargetClientOrigin.targetOrigins("opener.postMessage(data, '*')")).containsExactly("*");
        assertThat(EnsureWebMessagesTargetClientOrigin.targetOrigins("w.postMessage(msg, origin, [port])")).containsExactly("origin");
        assertThat(EnsureWebMessagesTargetClientOrigin.targetOrigins("parent.postMessage(f(a, b), `*`)")).containsExactly("*");
        assertThat(EnsureWebMessagesTargetClientOrigin.targetOrigins("// uses postMessage\nx.postMessage (m,\"*\" )"))
                .containsExactly("*");
        assertThat(EnsureWebMessagesTargetClientOrigin.targetOrigins("no messages here")).isEmpty();
    }

    private static Holding holding(int id, String url) {
        return KeepTokensOutOfBrowserHistory.holding(new HistoryEntry(id, url, "link"));
    }

    @Test
    void whenAnAccessTokenSitsInAFragmentOrQueryThenTheEntryHoldsAToken() {
        assertThat(holding(1, "https://app.example/cb#access_token=abc&token_type=Bearer&state=s").holdsToken()).isTrue();
        assertThat(holding(2, "https://app.example/cb?refresh_token=abc").holdsToken()).isTrue();
        Holding code = holding(3, "https://app.example/cb?code=abc&state=s#id_token=x");
        assertThat(code.holdsToken()).isFalse();
        assertThat(code.inQuery()).containsExactly("code");
        assertThat(code.inFragment()).containsExactly("id_token");
        assertThat(holding(4, "https://app.example/cb?code=%zz").holdsToken()).isFalse();
        assertThat(holding(5, "about:blank").holdsToken()).isFalse();
    }

    @Test
    void whenCodesSitInQueriesThenTheyAreReportedAsTheNormalCase() {
        List<Holding> h = List.of(holding(1, "https://app.example/cb?code=a"), holding(2, "https://app.example/cb?code=b"),
                holding(3, "https://app.example/cb#code=c"), holding(4, "https://as.example/login"));
        assertThat(KeepTokensOutOfBrowserHistory.codeNote(h)).contains("2 callback URL queries and 1 fragment(s)")
                .contains("TK-CODE-ONCE");
        assertThat(KeepTokensOutOfBrowserHistory.codeNote(List.of(holding(1, "https://as.example/login")))).isEmpty();
    }

    @Test
    void whenAHistoryUrlIsShownThenOnlyHarmlessValuesStayAndCredentialsAreLeftToTheRedactor() {
        String shown = KeepTokensOutOfBrowserHistory.masked(
                "https://as.example/authorize?response_type=code&state=s3cr3t&nonce=n&client_id=app#access_token=eyJ.a.b&x=%22q%22");
        assertThat(shown).isEqualTo("https://as.example/authorize?response_type=code&state=…&nonce=…&client_id=app"
                + "#access_token=eyJ.a.b&x=…");
        assertThat(KeepTokensOutOfBrowserHistory.masked("https://app.example/cb?code=a%22b'c&error=access_denied"))
                .isEqualTo("https://app.example/cb?code=…&error=access_denied");
        assertThat(KeepTokensOutOfBrowserHistory.masked("not a url with spaces")).isEqualTo("(unparsable)");
    }
}
