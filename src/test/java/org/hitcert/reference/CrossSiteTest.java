package org.hitcert.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reference's throttling of failed client authentication, and the CORS flaw, seen over plain HTTP. */
class CrossSiteTest {

    private ReferenceCandidate rc;

    @AfterEach
    void stop() {
        if (rc != null) {
            rc.close();
        }
    }

    private int badSecret(Driver d) throws Exception {
        return d.post(rc.issuer() + "/token", Map.of("grant_type", "refresh_token", "refresh_token", "x"),
                "Authorization", Driver.basic("reference-confidential", "wrong-secret")).statusCode();
    }

    @Test
    void whenTenSecretsFailThenTheClientIsThrottledBrieflyAndRecovers() throws Exception {
        rc = Driver.startWithSharedKeys();
        Driver d = new Driver(rc);
        for (int i = 1; i < CrossSite.MAX_FAILURES; i++) {
            assertThat(badSecret(d)).as("attempt " + i).isEqualTo(401);
        }
        assertThat(badSecret(d)).isEqualTo(401);
        // a failure is counted once its 401 has gone out, so on a busy machine the next request can overtake the count
        // of the last: the lock must show within two more attempts
        java.net.http.HttpResponse<String> throttled = null;
        for (int i = 0; i < 3 && (throttled == null || throttled.statusCode() != 429); i++) {
            throttled = d.post(rc.issuer() + "/token", Map.of("grant_type", "refresh_token", "refresh_token", "x"),
                    "Authorization", Driver.basic("reference-confidential", "wrong-secret"));
        }
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        Thread.sleep(CrossSite.LOCK_SECONDS * 1000 + 200);
        assertThat(badSecret(d)).isEqualTo(401);
    }

    @Test
    void whenNoThrottlingThenFailuresAreNeverThrottled() throws Exception {
        rc = Driver.startWithSharedKeys(Flaw.NO_THROTTLING);
        Driver d = new Driver(rc);
        for (int i = 0; i < CrossSite.MAX_FAILURES * 2; i++) {
            assertThat(badSecret(d)).isEqualTo(401);
        }
    }

    @Test
    void whenCorsReflectsOriginThenAnyOriginGetsCredentials() throws Exception {
        rc = Driver.startWithSharedKeys(Flaw.CORS_REFLECTS_ORIGIN);
        var r = new Driver(rc).get(rc.fhirBase() + "/Patient", "Origin", "https://evil.example");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("https://evil.example");
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
    }

    @Test
    void whenWebMessageRequestedThenTheResponsePagePostsToTheRedirectOriginOnly() throws Exception {
        rc = Driver.startWithSharedKeys();
        Driver d = new Driver(rc);
        assertThat(Driver.json(d.get(rc.issuer() + "/.well-known/openid-configuration")).get("response_modes_supported").toString())
                .contains("\"web_message\"");
        Map<String, String> p = d.authorizeParams("public", Driver.verifier());
        p.put("response_mode", "web_message");
        var page = d.authorize(p, "default").response();
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        String body = page.body();
        assertThat(body).contains("\"type\":\"authorization_response\"").contains(p.get("state"))
                .contains(", \"http://127.0.0.1:41234\");").doesNotContain("\"*\"");
        String script = body.substring(body.indexOf("<script>") + 8, body.indexOf("</script>"));
        String hash = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'sha256-" + hash + "'").contains("frame-ancestors http://127.0.0.1:41234"));

        p = d.authorizeParams("public", Driver.verifier());
        p.put("response_mode", "fragment");
        assertThat(Driver.outcome(d.get(d.authorizeUrl(p)), null).query()).containsEntry("error", "invalid_request");
        p = d.authorizeParams("public", Driver.verifier());
        p.put("response_type", "code token");
        assertThat(Driver.outcome(d.get(d.authorizeUrl(p)), null).query()).containsEntry("error", "unsupported_response_type");
    }

    @Test
    void whenStateCarriesMarkupThenTheWebMessageScriptKeepsIt() throws Exception {
        assertThat(WebMessage.scriptJson(Map.of("state", "</script><script>alert(1)</script>")))
                .doesNotContain("<").doesNotContain(">").contains("\\u003c/script\\u003e");
    }

    @Test
    void whenCleanThenNoCorsOnTheTokenEndpoint() throws Exception {
        rc = Driver.startWithSharedKeys();
        var r = new Driver(rc).get(rc.issuer() + "/token", "Origin", "https://evil.example");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
