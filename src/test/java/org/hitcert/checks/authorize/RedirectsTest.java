package org.hitcert.checks.authorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.junit.jupiter.api.Test;

class RedirectsTest {

    private static final URI REGISTERED = URI.create("https://app.example/cb");
    private static final URI REQUEST = URI.create("https://as.example/authorize?x=1");

    private static HttpExchange answer(int status, Map<String, List<String>> headers, String body) {
        return new HttpExchange(HttpRequestSpec.get(REQUEST), status, headers, body, false, Duration.ZERO);
    }

    @Test
    void whenAllVariantsAreBuiltThenEachDiffersFromTheRegisteredUri() {
        Map<String, String> v = Redirects.variants(REGISTERED, Redirects.VARIANT_NAMES);
        assertThat(v).containsEntry("trailing-slash", "https://app.example/cb/")
                .containsEntry("path-case", "https://app.example/CB")
                .containsEntry("extra-path", "https://app.example/cb/hitcert-evil")
                .containsEntry("extra-query", "https://app.example/cb?hitcert=evil")
                .containsEntry("other-port", "https://app.example:444/cb")
                .containsEntry("http-scheme", "http://app.example/cb")
                .containsEntry("subdomain", "https://hitcert-evil.app.example/cb")
                .containsEntry("userinfo", "https://app.example@hitcert-evil.invalid/cb")
                .containsEntry("encoded-traversal", "https://app.example/cb/..%2fhitcert-evil")
                .containsEntry("fragment", "https://app.example/cb#hitcert-evil");
        assertThat(v.values()).doesNotContain(REGISTERED.toString()).hasSize(10);
    }

    @Test
    void whenTheRegisteredUriIsHttpThenTheHttpVariantIsLeftOut() {
        assertThat(Redirects.variant(URI.create("http://127.0.0.1:8765/cb"), "http-scheme")).isEmpty();
        assertThat(Redirects.loopbackLiteral(URI.create("http://127.0.0.1:8765/cb"))).isTrue();
        assertThat(Redirects.loopbackLiteral(URI.create("https://127.0.0.1:8765/cb"))).isFalse();
    }

    @Test
    void whenAVariantNameIsUnknownThenItIsRefusedWithTheKnownNames() {
        assertThatThrownBy(() -> Redirects.variant(REGISTERED, "nope")).hasMessageContaining("trailing-slash");
    }

    @Test
    void whenTheBrowserIsAtTheVariantWithAResponseThenItTargetsTheVariantOnly() {
        String extraQuery = "https://app.example/cb?hitcert=evil";
        assertThat(Redirects.targets("https://app.example/cb?hitcert=evil&code=abc&state=s", extraQuery)).isTrue();
        assertThat(Redirects.targets("https://app.example/cb?code=abc", extraQuery)).isFalse();
        assertThat(Redirects.targets("https://app.example/cb/?code=abc", "https://app.example/cb/")).isTrue();
        assertThat(Redirects.targets("https://app.example/cb/?code=abc", REGISTERED.toString())).isFalse();
        assertThat(Redirects.targets("https://app.example/CB?code=abc", REGISTERED.toString())).isFalse();
        assertThat(Redirects.targets("https://app.example:443/cb?code=abc", REGISTERED.toString())).isTrue();
    }

    @Test
    void whenTheFragmentVariantIsFollowedThenTheFragmentGivesItAway() {
        String fragment = "https://app.example/cb#hitcert-evil";
        assertThat(Redirects.targets("https://app.example/cb#hitcert-evil?code=abc", fragment)).isTrue();
        assertThat(Redirects.targets("https://app.example/cb?code=abc", fragment)).isFalse();
    }

    @Test
    void whenABrowserDropsUserInfoThenTheForeignHostStillGivesTheHopAway() {
        String userinfo = "https://app.example@hitcert-evil.invalid/cb";
        assertThat(Redirects.targets("https://hitcert-evil.invalid/cb?code=x", userinfo)).isTrue();
        assertThat(Redirects.targets("https://app.example/cb?code=x", userinfo)).isFalse();
    }

    @Test
    void whenTheAnswerIsA302ToTheVariantThenTheHopIsNamed() {
        HttpExchange x = answer(302, Map.of("Location", List.of("https://app.example/cb/?error=x")), "");
        assertThat(Redirects.hop(x, REQUEST, u -> Redirects.targets(u, "https://app.example/cb/"))).get().asString()
                .contains("302 with Location: https://app.example/cb/?error=x");
    }

    @Test
    void whenTheAnswerIsA302ToTheLoginPageThenThereIsNoHop() {
        HttpExchange x = answer(302, Map.of("Location", List.of("/login?tx=1")), "");
        assertThat(Redirects.hop(x, REQUEST, u -> Redirects.targets(u, "https://app.example/cb/"))).isEmpty();
        assertThat(Redirects.mayNavigate(x)).isTrue();
    }

    @Test
    void whenAPageNavigatesByMetaRefreshOrScriptThenTheHopIsFound() {
        String meta = "<html><meta http-equiv=\"refresh\" content=\"0;url=https://app.example/cb/hitcert-evil?code=1&amp;s=2\">";
        String script = "<script>window.location.href = 'https:\\/\\/app.example\\/cb\\/hitcert-evil?code=1';</script>";
        String form = "<form method=post action=\"https://app.example/cb/hitcert-evil\"></form><script>document.forms[0].submit()</script>";
        for (String body : List.of(meta, script, form)) {
            HttpExchange x = answer(200, Map.of(), body);
            assertThat(Redirects.hop(x, REQUEST, u -> Redirects.targets(u, "https://app.example/cb/hitcert-evil")))
                    .as(body).isPresent();
        }
    }

    @Test
    void whenAnErrorPageOnlyEchoesTheUriThenThereIsNoHopAndNoNeedForABrowser() {
        HttpExchange x = answer(400, Map.of(), "<p>redirect_uri https://app.example/cb/hitcert-evil is not registered; see location docs</p>");
        assertThat(Redirects.hop(x, REQUEST, u -> Redirects.targets(u, "https://app.example/cb/hitcert-evil"))).isEmpty();
        assertThat(Redirects.mayNavigate(x)).isFalse();
    }

    @Test
    void whenAResponseGoesToAnyOtherUriThenItIsElsewhere() {
        URI as = URI.create("https://as.example/authorize");
        String registered = "http://127.0.0.1:8765/callback";
        // a decoded ..%2f: the response lands on another path of the client's host
        assertThat(Redirects.responseElsewhere("http://127.0.0.1:8765/hitcert-evil?code=x&state=s", registered, as)).isTrue();
        assertThat(Redirects.responseElsewhere("https://hitcert-evil.invalid/cb#error=access_denied", registered, as)).isTrue();
        assertThat(Redirects.responseElsewhere("http://127.0.0.1:8765/callback?code=x&state=s", registered, as)).isFalse();
        assertThat(Redirects.responseElsewhere("https://as.example/login?state=s", registered, as)).isFalse();
        assertThat(Redirects.responseElsewhere("http://127.0.0.1:8765/other", registered, as)).isFalse();
        assertThat(Redirects.responseElsewhere("chrome-error://chromewebdata/", registered, as)).isFalse();
    }

    @Test
    void whenTheAnswerIsAnErrorRedirectOrAnErrorPageThenItsEndingSaysSo() {
        HttpExchange redirect = answer(302, Map.of("Location", List.of("https://app.example/cb?error=invalid_request&state=s")), "");
        assertThat(Redirects.ending(redirect, REQUEST, REGISTERED.toString()).kind())
                .isEqualTo(org.hitcert.support.AuthorizationEnding.Kind.ERROR_REDIRECT);
        HttpExchange page = answer(400, Map.of(), "<html><head><title>x</title></head><body><p id=error>Unknown client.</p></body></html>");
        org.hitcert.support.AuthorizationEnding e = Redirects.ending(page, REQUEST, REGISTERED.toString());
        assertThat(e.kind()).isEqualTo(org.hitcert.support.AuthorizationEnding.Kind.NO_LOGIN_OFFERED);
        assertThat(e.detail()).contains("HTTP 400").contains("Unknown client.").doesNotContain("<p");
        assertThat(Redirects.ending(answer(503, Map.of(), "down"), REQUEST, REGISTERED.toString()).kind())
                .isEqualTo(org.hitcert.support.AuthorizationEnding.Kind.SERVER_ERROR);
    }
}
