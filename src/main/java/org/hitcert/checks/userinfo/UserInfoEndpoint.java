package org.hitcert.checks.userinfo;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Optional;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.NotApplicable;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Jwt;

/** Where userinfo is, and what a response of it says. */
final class UserInfoEndpoint {

    private UserInfoEndpoint() {
    }

    /** The userinfo endpoint; NOT_APPLICABLE when none is advertised, FAIL when it is not https (no token goes there). */
    static URI of(CheckContext ctx) {
        URI uri = ctx.target().endpoint("userinfo").orElseThrow(() -> new NotApplicable(
                "the candidate advertises no userinfo_endpoint"));
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw fail("the advertised userinfo endpoint " + uri + " is not https; no access token was sent to it "
                    + "(OIDC Core §5.3: the request MUST use TLS)");
        }
        return uri;
    }

    /** The claims of a 200 response: a JSON object, or the payload of a JWT (application/jwt). */
    static Optional<JsonNode> claims(HttpExchange x) {
        if (x.status() != 200) {
            return Optional.empty();
        }
        String type = x.header("Content-Type").orElse("");
        if (type.startsWith("application/jwt")) {
            try {
                return Optional.of(Jwt.decode(x.body().trim()).claims());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return x.json().filter(JsonNode::isObject);
    }

    static Optional<String> bearerChallenge(HttpExchange x) {
        return x.headerValues("WWW-Authenticate").stream()
                .filter(v -> v.trim().regionMatches(true, 0, "Bearer", 0, 6)).findFirst();
    }
}
