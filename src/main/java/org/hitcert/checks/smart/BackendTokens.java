package org.hitcert.checks.smart;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.checks.Checks;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.ClientAuth;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Redactor;

/** SMART Backend Services requests: client_credentials authenticated by the backend client's private_key_jwt. */
final class BackendTokens {

    private final CheckContext ctx;
    private final ClientSpec backend;
    private final URI token;

    BackendTokens(CheckContext ctx) {
        this.ctx = ctx;
        this.token = ctx.target().endpoint("token").orElseThrow(() -> new Inconclusive("the candidate states no token endpoint"));
        this.backend = ctx.target().clientFor("backend", c -> c.authMethod().equals("private_key_jwt") && c.privateKey().isPresent(), false)
                .orElseThrow(() -> ctx.target().discovery().map(d -> Checks.arrayContains(d, "grant_types_supported", "client_credentials"))
                        .orElse(true) ? Checks.noClient("backend", "a backend client with auth-method private_key_jwt and a private-key")
                        : new NotApplicable("grant_types_supported does not list client_credentials"));
    }

    ClientSpec client() {
        return backend;
    }

    URI tokenEndpoint() {
        return token;
    }

    /** A request with {@code form} (name/value pairs; null values dropped), authenticated by a fresh baseline assertion. */
    HttpExchange send(String... form) {
        List<String> f = new ArrayList<>(List.of(form));
        // the assertion adapts to the form the server needs (client_id or not: support/AssertionForms, issue 18 A6)
        return new ClientAuth(System::getenv, new Redactor()).send(ctx.http(), ctx.target(), backend, token, f.toArray(String[]::new));
    }
}
