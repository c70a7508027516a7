package org.hitcert.checks.userinfo;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.idtoken.OidcFlows;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;

/**
 * OIDC Core §5.4 (SHOULD, data minimisation): with scope openid alone, userinfo releases sub and no profile,
 * email, address or phone claims. JWT and protocol members (iss, aud, iat, exp) are not personal data.
 */
public final class EnsureUserInfoClaimsFollowScope implements Check {

    private static final Set<String> NOT_PERSONAL = Set.of("sub", "iss", "aud", "iat", "exp", "nbf", "jti");
    /** OIDC Core §5.4: the claims each standard scope releases (and SMART's fhirUser). */
    private static final Map<String, Set<String>> BY_SCOPE = Map.of(
            "profile", Set.of("name", "family_name", "given_name", "middle_name", "nickname", "preferred_username",
                    "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at"),
            "email", Set.of("email", "email_verified"),
            "address", Set.of("address"),
            "phone", Set.of("phone_number", "phone_number_verified"),
            "fhirUser", Set.of("fhirUser"));

    @Override
    public CheckInfo info() {
        return new CheckInfo("userinfo.claims.scope-limited",
                "With scope openid alone, UserInfo releases sub and no personal claims",
                List.of("userinfo-extra-claims", "http-endpoint-advertised"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        URI uri = UserInfoEndpoint.of(ctx);
        ClientSpec client = OidcFlows.browserClient(ctx);
        Map<String, String> overrides = new HashMap<>();
        overrides.put("scope", "openid");
        OidcFlows.Tokens t = OidcFlows.codeFlow(ctx, client, OidcFlows.user(ctx, "default"), overrides);
        String granted = t.response().path("scope").asText("openid");
        HttpExchange x = ctx.http().get(uri, "Accept", "application/json", "Authorization", "Bearer " + t.accessToken());
        JsonNode claims = UserInfoEndpoint.claims(x).orElseThrow(() -> fail("userinfo with an openid token gave "
                + x.summary() + "; expected 200 with the user's claims (OIDC Core §5.3.2)"));
        Set<String> allowed = new java.util.HashSet<>(NOT_PERSONAL);
        for (String s : granted.trim().split(" +")) {
            allowed.addAll(BY_SCOPE.getOrDefault(s, Set.of()));
        }
        List<String> extra = new ArrayList<>();
        claims.fieldNames().forEachRemaining(n -> {
            if (!allowed.contains(n)) {
                extra.add(n);
            }
        });
        if (!extra.isEmpty()) {
            throw fail("with scope '" + granted + "' granted, userinfo released the claims " + extra
                    + "; OIDC Core §5.4 releases profile, email, address and phone claims only for their scopes");
        }
        ctx.pass("with scope '" + granted + "' userinfo released only " + fieldNames(claims));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
