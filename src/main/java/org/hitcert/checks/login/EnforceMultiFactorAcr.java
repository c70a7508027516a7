package org.hitcert.checks.login;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.checks.idtoken.OidcFlows;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.support.Jwt;

/**
 * TSS-03's strong initial login, through OIDC Core §2, §3.1.2.1 and §5.5.1.1: a login that asks for the candidate's
 * multi-factor acr (acr_values, and an essential acr claim where the claims parameter is supported) ends with an ID
 * token whose acr and amr tell the truth. The candidate's {@code mfa} user logs in with the suite computing its TOTP
 * ({@code ${user.totp}}); the suite knows whether that step was shown and completed. Then the {@code default} user
 * (password only) asks for the same acr: its token must not claim it either.
 */
public final class EnforceMultiFactorAcr implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("login.acr-amr.multi-factor",
                "A requested multi-factor acr is met by a real second factor, and acr/amr state only what was performed",
                List.of("acr-without-mfa"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        Optional<JsonNode> advertised = ctx.target().discovery().map(d -> d.get("acr_values_supported"))
                .filter(JsonNode::isArray);
        UserSpec mfa = ctx.target().user("mfa").orElseThrow(() -> advertised.isEmpty()
                ? new NotApplicable("the candidate advertises no acr_values_supported and its file declares no mfa user")
                : Inconclusive.notAssessed("a user with role mfa (the candidate advertises acr values " + advertised.get()
                        + ")", "under users: { role: mfa, username: ..., password: ..., totp-secret: ${env:NAME}, mfa-acr: ... }"));
        String acr = mfa.mfaAcr().orElseThrow(() -> new Inconclusive("the mfa user has no mfa-acr: the suite does not "
                + "know which acr value means a multi-factor login"));
        if (mfa.totpSecret().isEmpty() || ctx.target().login().stream().noneMatch(LoginSteps::typesTotp)) {
            throw new Inconclusive("the mfa user has no totp-secret, or no login step types ${user.totp}: the suite "
                    + "cannot complete, or tell, the second factor");
        }
        ClientSpec client = OidcFlows.browserClient(ctx);
        boolean essential = ctx.target().discovery().map(d -> d.path("claims_parameter_supported").asBoolean(false))
                .orElse(false);
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("acr_values", acr);
        if (essential) {
            overrides.put("claims", "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"" + acr.replace("\"", "\\\"")
                    + "\"]}}}");
        }
        List<String> passes = new ArrayList<>();
        for (String role : List.of("mfa", "default")) {
            UserSpec user = OidcFlows.user(ctx, role);
            ctx.browser().clearSession();
            OidcFlows.Tokens tokens = OidcFlows.codeFlow(ctx, client, user, overrides);
            boolean totpDone = ctx.browser().performedSteps().stream().anyMatch(LoginSteps::typesTotp);
            Jwt idToken = OidcFlows.idToken(ctx, tokens.response(), client.scope());
            AcrVerdict v = AcrVerdict.decide("the " + role + " user", totpDone, acr, essential, idToken.claim("acr"),
                    amr(idToken));
            if (v.kind() == AcrVerdict.Kind.FAIL) {
                throw fail(v.reason());
            }
            if (role.equals("mfa") && !totpDone) {
                throw new Inconclusive("the mfa user's login asked for no second factor and its token claims none ("
                        + v.reason() + "): a multi-factor login could not be observed");
            }
            passes.add(v.reason());
        }
        ctx.pass(String.join("; ", passes) + (essential ? " (acr_values and an essential acr claim)" : " (acr_values)"));
    }

    private static Optional<List<String>> amr(Jwt jwt) {
        JsonNode amr = jwt.claims().get("amr");
        if (amr == null || !amr.isArray()) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        amr.forEach(v -> values.add(v.asText()));
        return Optional.of(values);
    }
}
