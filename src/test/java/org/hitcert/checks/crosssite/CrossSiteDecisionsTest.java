package org.hitcert.checks.crosssite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CrossSiteDecisionsTest {

    @Test
    void whenXFrameOptionsDenyThenProtected() {
        assertThat(AntiFraming.protection(Optional.of("deny"), List.of())).contains("X-Frame-Options: DENY");
    }

    @Test
    void whenBothHeadersThenBothNamed() {
        assertThat(AntiFraming.protection(Optional.of("SAMEORIGIN"), List.of("default-src 'self'; frame-ancestors 'none'")))
                .hasValueSatisfying(v -> assertThat(v).contains("X-Frame-Options").contains("frame-ancestors 'none'"));
    }

    @Test
    void whenFrameAncestorsAllowsAnySiteThenNotProtected() {
        assertThat(AntiFraming.protection(Optional.empty(), List.of("frame-ancestors *"))).isEmpty();
        assertThat(AntiFraming.protection(Optional.empty(), List.of("frame-ancestors https:"))).isEmpty();
        assertThat(AntiFraming.protection(Optional.of("ALLOW-FROM https://a.example"), List.of())).isEmpty();
    }

    @Test
    void whenFrameAncestorsIsAnAllowlistThenProtected() {
        assertThat(AntiFraming.protection(Optional.empty(), List.of("default-src 'self';frame-ancestors 'self' https://ehr.example")))
                .isPresent();
    }

    @Test
    void whenNoHeadersThenNotProtected() {
        assertThat(AntiFraming.protection(Optional.empty(), List.of("default-src 'self'"))).isEmpty();
    }

    @Test
    void whenReferrerPolicyListsFallbacksThenTheLastCounts() {
        assertThat(AntiFraming.restrictiveReferrerPolicy(Optional.of("unsafe-url, no-referrer"))).isTrue();
        assertThat(AntiFraming.restrictiveReferrerPolicy(Optional.of("no-referrer, unsafe-url"))).isFalse();
        assertThat(AntiFraming.restrictiveReferrerPolicy(Optional.empty())).isFalse();
    }

    @Test
    void whenCookieLacksAttributesThenEachIsNamed() {
        var ok = new EnsureSessionCookiesProtected.StoredCookie("s", "a.example", true, true, Optional.of("Lax"));
        var bad = new EnsureSessionCookiesProtected.StoredCookie("t", "a.example", false, false, Optional.of("None"));
        var unset = new EnsureSessionCookiesProtected.StoredCookie("u", "a.example", true, true, Optional.empty());
        assertThat(EnsureSessionCookiesProtected.problems(List.of(ok))).isEmpty();
        assertThat(EnsureSessionCookiesProtected.problems(List.of(ok, bad, unset)))
                .containsExactly("cookie t is not Secure, not HttpOnly, SameSite=None", "cookie u is no SameSite");
    }

    @Test
    void whenOriginReflectedWithCredentialsThenCredentialedReadAllowed() {
        String o = "https://127.0.0.1:1";
        assertThat(new CorsProbe.Result("x", o, Optional.of(o), true, Optional.empty(), Optional.empty(), true)
                .credentialedReadAllowed()).isTrue();
        assertThat(new CorsProbe.Result("x", o, Optional.of("*"), true, Optional.empty(), Optional.empty(), true)
                .credentialedReadAllowed()).isTrue();
        assertThat(new CorsProbe.Result("x", o, Optional.of("*"), false, Optional.empty(), Optional.of("status 200"), true)
                .credentialedReadAllowed()).isFalse();
        assertThat(new CorsProbe.Result("x", o, Optional.empty(), false, Optional.of("status 200"), Optional.empty(), true)
                .credentialedReadAllowed()).isTrue();
    }

    @Test
    void whenPageContainsRawPayloadThenUnescaped() {
        assertThat(EscapeReflectedValuesInErrorPages.unescaped("<p>" + EscapeReflectedValuesInErrorPages.PAYLOAD + "</p>")).isTrue();
        assertThat(EscapeReflectedValuesInErrorPages.unescaped("<p>&quot;&#39;&gt;&lt;script&gt;window.hitcertXss=1</p>")).isFalse();
    }

    @Test
    void whenTheSessionIsProbedThenOfflineAccessIsLeftOutOfTheScopeAndNothingElse() {
        assertThat(RefuseForgedLogin.withoutOfflineAccess("openid offline_access patient/*.rs"))
                .containsEntry("scope", "openid patient/*.rs");
        assertThat(RefuseForgedLogin.withoutOfflineAccess("openid profile")).isEmpty();
        assertThat(RefuseForgedLogin.withoutOfflineAccess("offline_access")).isEmpty();
    }

    /** RFC 9700 §2.6: an Access-Control-Allow-Origin of the endpoint's own origin admits nobody; any other value does. */
    @org.junit.jupiter.api.Test
    void anAllowOriginOfTheEndpointsOwnOriginAdmitsNoOtherOrigin() {
        java.net.URI endpoint = java.net.URI.create("https://127.0.0.1:9445/api/oidc/auth?x=1");
        assertThat(RefuseCorsAtAuthorizationEndpoint.admitsAnother(java.util.Optional.of("https://127.0.0.1:9445"), endpoint)).isFalse();
        assertThat(RefuseCorsAtAuthorizationEndpoint.admitsAnother(java.util.Optional.empty(), endpoint)).isFalse();
        assertThat(RefuseCorsAtAuthorizationEndpoint.admitsAnother(java.util.Optional.of("*"), endpoint)).isTrue();
        assertThat(RefuseCorsAtAuthorizationEndpoint.admitsAnother(java.util.Optional.of("null"), endpoint)).isTrue();
        assertThat(RefuseCorsAtAuthorizationEndpoint.admitsAnother(java.util.Optional.of("https://localhost:42965"), endpoint)).isTrue();
        assertThat(RefuseCorsAtAuthorizationEndpoint.admitsAnother(java.util.Optional.of("https://127.0.0.1:9446"), endpoint)).isTrue();
    }
}
