package org.hitcert.checks.crosssite;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Pkce;
import org.hitcert.support.Target;

/** The candidate's pages that cross-site checks aim at: authorization requests that show a login page or an error page. */
final class Pages {

    private Pages() {
    }

    static ClientSpec browserClient(Target target) {
        return org.hitcert.checks.Checks.browserClient(target);
    }

    static UserSpec defaultUser(Target target) {
        return org.hitcert.checks.Checks.user(target, "default");
    }

    static URI authorizationEndpoint(Target target) {
        return target.endpoint("authorization").orElseThrow(() -> new Inconclusive(
                "the candidate states no authorization endpoint (discovery or candidate file)"));
    }

    /** A valid authorization request (code, PKCE S256, state, nonce, aud) with {@code overrides}; a null value removes one. */
    static URI authorizationRequest(Target target, ClientSpec client, Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", client.clientId());
        p.put("redirect_uri", (client.redirectUris().isEmpty() ? target.callback() : client.redirectUris().get(0)).toString());
        p.put("scope", client.scope());
        p.put("state", Pkce.random(16));
        p.put("code_challenge", Pkce.s256().challenge());
        p.put("code_challenge_method", "S256");
        if ((" " + client.scope() + " ").contains(" openid ")) {
            p.put("nonce", Pkce.random(16));
        }
        target.fhirBase().ifPresent(aud -> p.put("aud", aud.toString()));
        overrides.forEach((k, v) -> {
            if (v == null) {
                p.remove(k);
            } else {
                p.put(k, v);
            }
        });
        List<String> pairs = new ArrayList<>();
        p.forEach((k, v) -> {
            pairs.add(k);
            pairs.add(v);
        });
        return HttpRequestSpec.withQuery(authorizationEndpoint(target), pairs.toArray(String[]::new));
    }

    /** {@code scheme://host[:port]} of {@code uri}, as the browser compares origins. */
    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
