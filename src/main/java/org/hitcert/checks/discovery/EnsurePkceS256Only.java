package org.hitcert.checks.discovery;

import org.hitcert.support.WellKnown;
import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.support.HttpExchange;

/**
 * SMART App Launch (conformance: code_challenge_methods_supported must list S256 and must not list plain);
 * RFC 9700 §2.1.1 (S256 is the method to use); RFC 9207 §3 and RFC 9700 §4.4.2.1 (the authorization server's
 * metadata says {@code authorization_response_iss_parameter_supported: true}, so clients know to expect iss and can
 * defend against mix-up). Read from every metadata document the candidate serves; the iss flag from the authorization
 * server's own documents (the SMART configuration does not define it).
 */
public final class EnsurePkceS256Only implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("discovery.pkce.s256-only",
                "Metadata advertises PKCE with S256 and never the plain method",
                List.of("pkce-plain-advertised", "iss-not-advertised"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        URI issuer = ctx.target().issuer();
        List<URI> urls = new ArrayList<>(List.of(WellKnown.openidConfiguration(issuer), WellKnown.oauthAuthorizationServer(issuer)));
        ctx.target().fhirBase().ifPresent(f -> urls.add(WellKnown.smartConfiguration(f)));
        List<String> withS256 = new ArrayList<>();
        List<String> withPlain = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        List<String> withIss = new ArrayList<>();
        List<String> withoutIss = new ArrayList<>();
        for (URI url : urls) {
            HttpExchange x = ctx.http().get(url, "Accept", "application/json");
            if (x.status() != 200 || x.json().isEmpty()) {
                continue;
            }
            if (!url.getPath().endsWith("/smart-configuration")) {
                JsonNode iss = x.json().get().get("authorization_response_iss_parameter_supported");
                (iss != null && iss.isBoolean() && iss.asBoolean() ? withIss : withoutIss).add(url + " → "
                        + (iss == null ? "absent" : iss.toString()));
            }
            JsonNode methods = x.json().get().get("code_challenge_methods_supported");
            if (methods == null || !methods.isArray()) {
                silent.add(url.toString());
                continue;
            }
            for (JsonNode m : methods) {
                if (m.asText().equals("S256")) {
                    withS256.add(url.toString());
                }
                if (m.asText().equalsIgnoreCase("plain")) {
                    withPlain.add(url.toString());
                }
            }
        }
        if (!withPlain.isEmpty()) {
            throw fail("code_challenge_methods_supported lists \"plain\" in " + withPlain
                    + "; only S256 may be offered (SMART App Launch conformance, RFC 9700 §2.1.1)");
        }
        if (withS256.isEmpty()) {
            throw fail("no metadata document lists S256 in code_challenge_methods_supported"
                    + (silent.isEmpty() ? " (no metadata document could be read)" : "; documents without the member: " + silent));
        }
        if (withIss.isEmpty()) {
            throw fail("no authorization server metadata document sets authorization_response_iss_parameter_supported to true ("
                    + (withoutIss.isEmpty() ? "none could be read" : String.join("; ", withoutIss)) + "); expected true, so that "
                    + "clients expect iss in authorization responses (RFC 9207 §3, RFC 9700 §4.4.2.1)");
        }
        if (!withoutIss.isEmpty()) {
            ctx.note("iss flag", "set in " + withIss + ", not in " + withoutIss);
        }
        ctx.pass("S256 advertised in " + withS256.size() + " document(s), plain in none; authorization_response_iss_parameter_"
                + "supported true in " + withIss.size() + " authorization server document(s)");
    }
}
