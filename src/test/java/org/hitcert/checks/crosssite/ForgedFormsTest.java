package org.hitcert.checks.crosssite;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hitcert.checks.crosssite.ForgedForms.Field;
import org.hitcert.checks.crosssite.ForgedForms.Form;
import org.hitcert.checks.crosssite.RefuseForgedLogin.Session;
import org.junit.jupiter.api.Test;

class ForgedFormsTest {

    private static final String CSRF = "q3Zk9VhXb1sT0p2LrW8yN4mC6aE5dF7gH_jK-uQ";
    private static final String TX = "3f2b6c1e-9a4d-4e8b-b1c2-7d5e6f8a9b0c";

    private static Form consentForm() {
        return new Form(URI.create("https://as.example/consent"), "post", "application/x-www-form-urlencoded", List.of(
                new Field("csrf", CSRF, "hidden"), new Field("tx", TX, "hidden"), new Field("client_id", "hitcert-public", "hidden"),
                new Field("scope", "openid patient/*.rs", "hidden"), new Field("state", "AbCdEf0123456789xyz", "hidden"),
                new Field("decision", "approve", "submitter")));
    }

    @Test
    void whenValueIsLongRandomTokenThenServerSecret() {
        assertThat(ForgedForms.serverSecret(CSRF, Set.of())).isTrue();
        assertThat(ForgedForms.serverSecret(TX, Set.of())).isTrue();
        assertThat(ForgedForms.serverSecret("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMTIz", Set.of())).isTrue();
    }

    @Test
    void whenValueIsWordsScopesUrlsOrShortThenKept() {
        assertThat(ForgedForms.serverSecret("approve", Set.of())).isFalse();
        assertThat(ForgedForms.serverSecret("openid patient/*.rs offline_access", Set.of())).isFalse();
        assertThat(ForgedForms.serverSecret("https://127.0.0.1:8765/callback", Set.of())).isFalse();
        assertThat(ForgedForms.serverSecret("authorization_code_consent", Set.of())).isFalse();
        assertThat(ForgedForms.serverSecret("a1b2c3d4", Set.of())).isFalse();
        assertThat(ForgedForms.serverSecret("", Set.of())).isFalse();
    }

    @Test
    void whenAttackerSentTheValueThenKept() {
        assertThat(ForgedForms.serverSecret("AbCdEf0123456789xyz", Set.of("AbCdEf0123456789xyz"))).isFalse();
    }

    @Test
    void whenFormIsForgedThenOnlyServerSecretsChangeAndKeepTheirLength() {
        var forged = ForgedForms.forge(consentForm(), Set.of("AbCdEf0123456789xyz"), Map.of());
        assertThat(forged.forgedNames()).containsExactly("csrf", "tx");
        assertThat(forged.keptNames()).containsExactly("client_id", "scope", "state", "decision");
        Map<String, String> values = new java.util.LinkedHashMap<>();
        forged.form().fields().forEach(f -> values.put(f.name(), f.value()));
        assertThat(values.get("csrf")).isNotEqualTo(CSRF).hasSize(CSRF.length());
        assertThat(values.get("tx")).isNotEqualTo(TX).hasSize(TX.length());
        assertThat(values).containsEntry("decision", "approve").containsEntry("state", "AbCdEf0123456789xyz");
        assertThat(forged.form().method()).isEqualTo("post");
    }

    @Test
    void whenFieldsAreSetThenTheyTakeTheGivenValues() {
        Form login = new Form(URI.create("https://as.example/login"), "post", "application/x-www-form-urlencoded", List.of(
                new Field("csrf", CSRF, "hidden"), new Field("user", "", "text"), new Field("pass", "", "password")));
        var forged = ForgedForms.forge(login, Set.of(), Map.of("user", "alice", "pass", "s3cret-password-123456"));
        assertThat(forged.forgedNames()).containsExactly("csrf");
        assertThat(forged.form().fields()).extracting(Field::value).endsWith("alice", "s3cret-password-123456");
        assertThat(login.hasPassword()).isTrue();
    }

    @Test
    void whenPageIsBuiltThenValuesAreEscapedAndTheFormSubmitsItself() {
        Form form = new Form(URI.create("https://as.example/consent?x=1&y=2"), "get", "application/x-www-form-urlencoded",
                List.of(new Field("n\"><script>", "v\"<&", "hidden")));
        String page = ForgedForms.autoSubmitPage(form);
        assertThat(page).contains("action=\"https://as.example/consent?x=1&amp;y=2\"").contains("method=\"get\"")
                .contains("name=\"n&quot;&gt;&lt;script&gt;\"").contains("value=\"v&quot;&lt;&amp;\"")
                .contains("HTMLFormElement.prototype.submit.call").doesNotContain("<script>\"");
    }

    @Test
    void whenDescribedThenNoValueAppears() {
        String d = ForgedForms.describe(consentForm());
        assertThat(d).contains("csrf (hidden)").contains("decision (submitter)").doesNotContain(CSRF).doesNotContain(TX);
    }

    @Test
    void whenUrlIsTheRedirectUriWithAResponseThenAtRedirect() {
        URI cb = URI.create("http://127.0.0.1:8765/callback");
        assertThat(ForgedForms.atRedirect("http://127.0.0.1:8765/callback?code=x&state=y", cb)).isTrue();
        assertThat(ForgedForms.atRedirect("http://127.0.0.1:8765/callback#code=x", cb)).isTrue();
        assertThat(ForgedForms.atRedirect("http://127.0.0.1:8765/callbackx?code=x", cb)).isFalse();
        assertThat(ForgedForms.atRedirect(null, cb)).isFalse();
    }

    @Test
    void whenLoginPageIsShownThenNotSignedIn() {
        assertThat(RefuseForgedLogin.decide(false, true, true, false)).isEqualTo(Session.NOT_SIGNED_IN);
        assertThat(RefuseForgedLogin.decide(false, false, true, true)).isEqualTo(Session.NOT_SIGNED_IN);
    }

    @Test
    void whenConsentPageOrRedirectWithoutLoginThenSignedIn() {
        assertThat(RefuseForgedLogin.decide(false, false, false, true)).isEqualTo(Session.SIGNED_IN);
        assertThat(RefuseForgedLogin.decide(true, false, false, false)).isEqualTo(Session.SIGNED_IN);
    }

    @Test
    void whenNothingRecognisableIsShownThenUnknown() {
        assertThat(RefuseForgedLogin.decide(false, false, false, false)).isEqualTo(Session.UNKNOWN);
    }
}
