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
        var throttled = d.post(rc.issuer() + "/token", Map.of("grant_type", "refresh_token", "refresh_token", "x"),
                "Authorization", Driver.basic("reference-confidential", "wrong-secret"));
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
    void whenCleanThenNoCorsOnTheTokenEndpoint() throws Exception {
        rc = Driver.startWithSharedKeys();
        var r = new Driver(rc).get(rc.issuer() + "/token", "Origin", "https://evil.example");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
