package org.hitcert.checks.heart;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.junit.jupiter.api.Test;

class RefuseCodeForBackendClientTest {

    private static final URI CALLBACK = URI.create("http://127.0.0.1:8765/callback");

    private static HttpExchange answer(int status, String location) {
        return new HttpExchange(HttpRequestSpec.get(URI.create("https://as.example/authorize")), status,
                location == null ? Map.of() : Map.of("Location", List.of(location)), "", false, Duration.ZERO);
    }

    @Test
    void whenErrorPageThenRefusedBeforeLogin() {
        assertThat(RefuseCodeForBackendClient.refusedBeforeLogin(answer(400, null), CALLBACK)).get().asString().contains("400");
    }

    @Test
    void whenErrorRedirectedToCallbackThenRefusedBeforeLogin() {
        assertThat(RefuseCodeForBackendClient.refusedBeforeLogin(answer(302, CALLBACK + "?error=unauthorized_client&state=s"),
                CALLBACK)).get().asString().contains("unauthorized_client");
    }

    @Test
    void whenLoginPageOrRedirectToItThenUndecided() {
        assertThat(RefuseCodeForBackendClient.refusedBeforeLogin(answer(200, null), CALLBACK)).isEmpty();
        assertThat(RefuseCodeForBackendClient.refusedBeforeLogin(answer(302, "https://as.example/interaction/abc"), CALLBACK)).isEmpty();
        assertThat(RefuseCodeForBackendClient.refusedBeforeLogin(answer(302, CALLBACK + "?code=abc&state=s"), CALLBACK)).isEmpty();
    }
}
