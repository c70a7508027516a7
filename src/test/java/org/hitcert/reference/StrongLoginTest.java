package org.hitcert.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.hitcert.model.Candidate;
import org.hitcert.support.Totp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The reference's lockout, TOTP second factor and end_session_endpoint, over HTTPS without a browser. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrongLoginTest {

    ReferenceCandidate rc;
    Driver d;

    @BeforeAll
    void start() throws Exception {
        rc = Driver.startWithSharedKeys();
        d = new Driver(rc);
    }

    @AfterAll
    void stop() {
        rc.close();
    }

    /** Opens the login page for the public client and posts {@code password} for {@code userRole}. */
    private HttpResponse<String> login(String userRole, String password, String[] cookie) throws Exception {
        HttpResponse<String> page = d.get(d.authorizeUrl(d.authorizeParams("public", Driver.verifier())));
        cookie[0] = Driver.cookieOf(page, null);
        Map<String, String> hidden = Driver.hidden(page.body());
        HttpResponse<String> r = d.post(rc.issuer() + "/login", Driver.params("csrf", hidden.get("csrf"), "tx", hidden.get("tx"),
                "username", d.user(userRole).username(), "password", password), "Cookie", cookie[0]);
        cookie[0] = Driver.cookieOf(r, cookie[0]);
        return r;
    }

    @Test
    void whenFiveWrongPasswordsThenTheRightOneIsRefusedUntilTheLockEnds() throws Exception {
        String right = Driver.secret(d.user("lockout").password());
        String[] cookie = new String[1];
        for (int i = 0; i < StrongLogin.MAX_FAILURES; i++) {
            assertThat(login("lockout", "wrong-" + i, cookie).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> r = login("lockout", right, cookie);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"error\"");
        assertThat(login("default", Driver.secret(d.user("default").password()), cookie).statusCode()).isEqualTo(303);
    }

    @Test
    void whenMfaUserGivesPasswordThenTotpIsAskedAndTheIdTokenStatesMfa() throws Exception {
        Candidate.UserSpec carol = d.user("mfa");
        String[] cookie = new String[1];
        HttpResponse<String> r = login("mfa", Driver.secret(carol.password()), cookie);
        assertThat(r.statusCode()).isEqualTo(303);
        String totpPath = r.headers().firstValue("Location").orElseThrow();
        assertThat(totpPath).startsWith("/login/totp?tx=");
        HttpResponse<String> page = d.get(rc.issuer() + totpPath, "Cookie", cookie[0]);
        Map<String, String> hidden = Driver.hidden(page.body());
        HttpResponse<String> wrong = d.post(rc.issuer() + "/login/totp", Driver.params("csrf", hidden.get("csrf"),
                "tx", hidden.get("tx"), "totp", "000000x"), "Cookie", cookie[0]);
        assertThat(wrong.statusCode()).isEqualTo(200);
        String code = Totp.code(Driver.secret(carol.totpSecret().orElseThrow()), System.currentTimeMillis() / 1000);
        HttpResponse<String> ok = d.post(rc.issuer() + "/login/totp", Driver.params("csrf", hidden.get("csrf"),
                "tx", hidden.get("tx"), "totp", code), "Cookie", cookie[0]);
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.headers().firstValue("Location").orElseThrow()).startsWith("/consent?tx=");
        assertThat(carol.mfaAcr()).contains(StrongLogin.ACR_MFA);
    }

    @Test
    void whenLoggedOutThenTheSessionNoLongerAuthorizes() throws Exception {
        String[] cookie = new String[1];
        assertThat(login("default", Driver.secret(d.user("default").password()), cookie).statusCode()).isEqualTo(303);
        HttpResponse<String> silent = d.get(d.authorizeUrl(d.authorizeParams("public", Driver.verifier())), "Cookie", cookie[0]);
        assertThat(silent.body()).contains("id=\"approve\"");
        HttpResponse<String> out = d.get(rc.issuer() + "/logout", "Cookie", cookie[0]);
        assertThat(out.statusCode()).isEqualTo(200);
        HttpResponse<String> after = d.get(d.authorizeUrl(d.authorizeParams("public", Driver.verifier())), "Cookie", cookie[0]);
        assertThat(after.body()).contains("id=\"username\"");
    }
}
