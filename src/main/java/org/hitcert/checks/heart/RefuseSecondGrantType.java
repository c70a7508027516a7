package org.hitcert.checks.heart;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.ClientAuth;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Redactor;

/**
 * HEART OAuth 2.0 "Grant types" (each client uses one grant type; RFC 6749 §5.2 unauthorized_client): the candidate's
 * confidential authorization-code client, properly authenticated, asks for grant_type=client_credentials. No token may
 * come back; unauthorized_client is the expected error (another error is noted, as the security outcome holds).
 */
public final class RefuseSecondGrantType implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("heart.grant-types.one-per-client",
                "A client registered for the authorization code grant gets no token through client_credentials",
                List.of("grant-type-unchecked"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = ctx.target().client("confidential").orElseThrow(() -> org.hitcert.checks.Checks.noClient("confidential",
                "a confidential (authorization code) client to try client_credentials with"));
        URI token = ctx.target().endpoint("token").orElseThrow(() -> new Inconclusive("the candidate states no token endpoint"));
        HttpExchange x = ctx.http().send(new ClientAuth(System::getenv, new Redactor()).tokenRequest(client, token,
                "grant_type", "client_credentials"));
        JsonNode body = x.json().orElse(null);
        if (x.status() == 200 && body != null && body.hasNonNull("access_token")) {
            throw fail("the authorization-code client " + client.clientId() + " got an access token through "
                    + "grant_type=client_credentials (" + x.summary() + "); HEART (Grant types) allows each client one "
                    + "grant type, and RFC 6749 §5.2 answers unauthorized_client");
        }
        String error = body == null ? "no JSON error" : body.path("error").asText("no error member");
        if (!"unauthorized_client".equals(error)) {
            ctx.note("error code", "expected unauthorized_client (RFC 6749 §5.2), got " + error);
        }
        ctx.pass("client_credentials for the authorization-code client " + client.clientId() + " was refused ("
                + x.status() + ", " + error + "); no token was issued");
    }
}
