package org.hitcert.checks.bearer;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.checks.Poll;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.ParamSpec;
import org.hitcert.support.ClientAuth;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Redactor;

/**
 * RS-REVOKED (RFC 7009 §2; RFC 7662 §2.2; HEART: a resource server never accepts an inactive token): an access token
 * revoked at the revocation endpoint is refused by the FHIR API, after at most {@code propagation-seconds}. The token is
 * a fresh one of its own (the backend client's, over HTTP; else a browser flow of the public client), never the shared
 * one, so that revoking it disturbs no other check. (Revoking a refresh token and its grant's access tokens is
 * token.revocation.cascade; introspection of a revoked token is token.introspection.inactive.) NOT_APPLICABLE without a
 * revocation endpoint in the metadata.
 */
public final class RejectRevokedToken implements Check {

    private static final ParamSpec PROPAGATION = new ParamSpec("propagation-seconds", ParamSpec.Type.INTEGER, 5,
            "how long after revocation the FHIR API may still accept the token (a cache); the check polls once a second");

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.revoked-token.refused",
                "An access token revoked at the revocation endpoint gets no more data from the FHIR API",
                List.of("fhir-ignores-revocation"), List.of(PROPAGATION), false);
    }

    @Override
    public void run(CheckContext ctx) throws InterruptedException {
        URI base = FhirResources.fhirBase(ctx);
        URI revocation = ctx.target().endpoint("revocation").orElseThrow(() -> new NotApplicable(
                "the candidate's metadata names no revocation_endpoint"));
        long wait = Math.max(0, Math.min(ctx.params().integer(PROPAGATION), Poll.MAX_SECONDS));
        ClientSpec client = ctx.target().clientFor("backend", c -> c.privateKey().isPresent(), false).orElse(null);
        JsonNode tokens;
        if (client != null) {
            HttpExchange x = auth().send(ctx.http(), ctx.target(), client, token(ctx), "grant_type", "client_credentials",
                    "scope", client.scope());
            tokens = x.json().filter(j -> x.status() == 200 && j.hasNonNull("access_token")).orElseThrow(() -> new Inconclusive(
                    "the backend client got no access token (" + x.summary() + ")"));
        } else {
            client = Fhir.browserClient(ctx);
            tokens = Fhir.tokensFor(ctx, client, Fhir.user(ctx, "default"), null);
        }
        String token = tokens.path("access_token").asText();
        URI resource = FhirResources.protectedResource(ctx, base, tokens);
        Fhir.baseline(ctx, resource, token, "the fresh token of client " + client.clientId());
        // the client's assertion takes the aud and client_id the server accepts there (support/AssertionForms, issue 18 A5)
        HttpExchange revoked = auth().send(ctx.http(), ctx.target(), client, revocation, "token", token,
                "token_type_hint", "access_token");
        if (revoked.status() != 200) {
            throw new Inconclusive("revoking the access token answered " + revoked.summary()
                    + " instead of 200 (RFC 7009 §2.2), so the FHIR API's answer afterwards would prove nothing");
        }
        Poll.Result<HttpExchange> seen = Poll.onceASecond(wait, () -> Fhir.get(ctx, resource, token), r -> !Fhir.ok(r));
        HttpExchange x = seen.last();
        if (seen.met()) {
            ctx.pass(x.status() + " for the revoked access token " + seen.elapsedMillis() + " ms after revocation (allowed: "
                    + wait + " s)");
            return;
        }
        throw fail("the FHIR API still served " + x.summary() + " to an access token " + wait + " s after it was revoked at "
                + revocation + "; expected 401 invalid_token within propagation-seconds (RFC 7009 §2: the token is "
                + "invalid from revocation on; RFC 7662 §2.2 and HEART: an inactive token is never accepted)");
    }

    private static ClientAuth auth() {
        // the run registered every client secret and key with its redactor at start; new tokens are masked by shape
        return new ClientAuth(System::getenv, new Redactor());
    }

    private static URI token(CheckContext ctx) {
        return ctx.target().endpoint("token").orElseThrow(() -> new Inconclusive("the candidate states no token endpoint"));
    }
}
