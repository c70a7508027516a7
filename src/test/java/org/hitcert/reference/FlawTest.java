package org.hitcert.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each flaw switch breaks its one behaviour (the clean behaviour is asserted in {@link ReferenceCandidateTest}). */
class FlawTest {

    private ReferenceCandidate rc;

    private Driver with(Flaw flaw) throws Exception {
        rc = Driver.startWithSharedKeys(flaw);
        assertThat(rc.flaws()).containsExactly(flaw);
        return new Driver(rc);
    }

    private static final Map<Flaw, Set<String>> METADATA_CHANGES = Map.of(
            Flaw.ISSUER_MISMATCH, Set.of("issuer"),
            Flaw.HTTP_ENDPOINT_ADVERTISED, Set.of("userinfo_endpoint"),
            Flaw.ALG_NONE_ADVERTISED, Set.of("token_endpoint_auth_signing_alg_values_supported"),
            Flaw.PKCE_PLAIN_ADVERTISED, Set.of("code_challenge_methods_supported"));
    private static final Set<Flaw> FHIR_FLAWS = EnumSet.of(Flaw.FHIR_OPEN, Flaw.NO_BEARER_CHALLENGE, Flaw.HEADER_TOKEN_IGNORED);

    /** The flaw left everything else alone: metadata outside its keys, the FHIR challenge, token response headers. */
    @AfterEach
    void otherBehaviourUnchanged() throws Exception {
        try {
            Flaw flaw = rc.flaws().iterator().next();
            Driver d = new Driver(rc);
            Metadata clean = new Metadata(Set.of(), rc.issuer().toString(), rc.fhirBase().toString(), rc.issuer().getPort(),
                    JWKSet.parse(d.get(rc.issuer() + "/jwks").body()).getKeys().get(0).toRSAKey());
            Set<String> changed = METADATA_CHANGES.getOrDefault(flaw, Set.of());
            JsonNode expected = Driver.JSON.valueToTree(clean.authorizationServer());
            for (String path : DISCOVERY) {
                JsonNode actual = doc(d, path);
                expected.fieldNames().forEachRemaining(k -> {
                    if (!changed.contains(k)) {
                        assertThat(actual.get(k)).as(flaw.id() + " " + path + " " + k).isEqualTo(expected.get(k));
                    }
                });
            }
            if (flaw != Flaw.SMART_CONFIG_MISSING) {
                JsonNode smart = Driver.json(d.get(rc.fhirBase() + "/.well-known/smart-configuration"));
                JsonNode cleanSmart = Driver.JSON.valueToTree(clean.smartConfiguration());
                cleanSmart.fieldNames().forEachRemaining(k -> {
                    if (!changed.contains(k)) {
                        assertThat(smart.get(k)).as(flaw.id() + " smart " + k).isEqualTo(cleanSmart.get(k));
                    }
                });
            }
            if (!FHIR_FLAWS.contains(flaw)) {
                HttpResponse<String> r = d.fhir("/Patient/A", null);
                assertThat(r.statusCode()).as(flaw.id()).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).as(flaw.id()).startsWith("Bearer realm=");
            }
            if (flaw != Flaw.TOKEN_CACHEABLE) {
                HttpResponse<String> r = d.post(rc.issuer() + "/token", Driver.params("grant_type", "password"));
                assertThat(r.headers().firstValue("Cache-Control")).as(flaw.id()).hasValue("no-store");
            }
        } finally {
            rc.close();
        }
    }

    private static JsonNode doc(Driver d, String path) throws Exception {
        return Driver.json(d.get(d.rc.issuer() + path));
    }

    private static final String[] DISCOVERY = {"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"};

    @Test
    void issuerMismatchWhenDiscoveryThenIssuerHasTrailingSlash() throws Exception {
        Driver d = with(Flaw.ISSUER_MISMATCH);
        for (String path : DISCOVERY) {
            assertThat(doc(d, path).path("issuer").asText()).isEqualTo(rc.issuer() + "/");
        }
    }

    @Test
    void httpEndpointAdvertisedWhenDiscoveryThenUserinfoIsHttp() throws Exception {
        Driver d = with(Flaw.HTTP_ENDPOINT_ADVERTISED);
        for (String path : DISCOVERY) {
            assertThat(doc(d, path).path("userinfo_endpoint").asText())
                    .isEqualTo("http://localhost:" + rc.issuer().getPort() + "/userinfo");
        }
    }

    @Test
    void algNoneAdvertisedWhenDiscoveryThenNoneListed() throws Exception {
        Driver d = with(Flaw.ALG_NONE_ADVERTISED);
        for (String path : DISCOVERY) {
            assertThat(Driver.list(doc(d, path).path("token_endpoint_auth_signing_alg_values_supported"))).contains("none");
        }
    }

    @Test
    void pkcePlainAdvertisedWhenPlainChallengeThenCodeRedeemable() throws Exception {
        Driver d = with(Flaw.PKCE_PLAIN_ADVERTISED);
        assertThat(Driver.list(doc(d, DISCOVERY[0]).path("code_challenge_methods_supported"))).contains("plain");
        String verifier = Driver.verifier();
        Map<String, String> p = d.authorizeParams("public", verifier);
        p.put("code_challenge", verifier);
        p.put("code_challenge_method", "plain");
        Driver.Outcome o = d.authorize(p, "default");
        assertThat(o.query()).containsKey("code");
        assertThat(d.redeem("public", o.query().get("code"), verifier).statusCode()).isEqualTo(200);
    }

    @Test
    void smartConfigMissingWhenFetchedThen404() throws Exception {
        Driver d = with(Flaw.SMART_CONFIG_MISSING);
        assertThat(d.get(rc.fhirBase() + "/.well-known/smart-configuration").statusCode()).isEqualTo(404);
    }

    @Test
    void pkceOptionalWhenNoChallengeThenCodeRedeemableWithoutVerifier() throws Exception {
        Driver d = with(Flaw.PKCE_OPTIONAL);
        Map<String, String> p = d.authorizeParams("public", Driver.verifier());
        p.remove("code_challenge");
        p.remove("code_challenge_method");
        Driver.Outcome o = d.authorize(p, "default");
        assertThat(o.query()).containsKey("code");
        assertThat(d.redeem("public", o.query().get("code"), null).statusCode()).isEqualTo(200);
    }

    @Test
    void webMessageAnyOriginWhenWebMessageResponseThenPostedToAnyOrigin() throws Exception {
        Driver d = with(Flaw.WEB_MESSAGE_ANY_ORIGIN);
        Map<String, String> p = d.authorizeParams("public", Driver.verifier());
        p.put("response_mode", "web_message");
        HttpResponse<String> page = d.authorize(p, "default").response();
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("postMessage(").contains(p.get("state")).contains(", \"*\");")
                .doesNotContain("\"http://127.0.0.1:41234\"");
    }

    @Test
    void hybridTokenAllowedWhenCodeTokenThenAccessTokenInFragmentButTokenAloneRefused() throws Exception {
        Driver d = with(Flaw.HYBRID_TOKEN_ALLOWED);
        for (String type : new String[] {"code token", "code id_token token", "token code"}) {
            Map<String, String> p = d.authorizeParams("public", Driver.verifier());
            p.put("response_type", type);
            Driver.Outcome o = d.authorize(p, "default");
            assertThat(o.location().getRawQuery()).as(type).isNull();
            Map<String, String> fragment = Driver.params(o.location().getRawFragment().replace('&', '=').split("="));
            assertThat(fragment).as(type).containsKeys("code", "access_token").containsEntry("token_type", "Bearer")
                    .containsEntry("state", p.get("state"));
        }
        Map<String, String> p = d.authorizeParams("public", Driver.verifier());
        p.put("response_type", "token");
        assertThat(Driver.outcome(d.get(d.authorizeUrl(p)), null).query()).containsEntry("error", "unsupported_response_type");
    }

    @Test
    void stateDroppedWhenAuthorizationResponseThenNoState() throws Exception {
        Driver d = with(Flaw.STATE_DROPPED);
        Driver.Outcome o = d.authorize(d.authorizeParams("public", Driver.verifier()), "default");
        assertThat(o.query()).containsKey("code").doesNotContainKey("state");
        Map<String, String> p = d.authorizeParams("public", Driver.verifier());
        p.put("response_type", "token");
        assertThat(Driver.outcome(d.get(d.authorizeUrl(p)), null).query()).containsKey("error").doesNotContainKey("state");
    }

    @Test
    void tokenCacheableWhenTokenResponseThenNoCacheHeaders() throws Exception {
        Driver d = with(Flaw.TOKEN_CACHEABLE);
        HttpResponse<String> ok = d.clientCredentials("system/*.rs");
        HttpResponse<String> error = d.post(rc.issuer() + "/token", Driver.params("grant_type", "authorization_code",
                "code", "nope", "client_id", "reference-public", "redirect_uri", Driver.CALLBACK.toString()));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(error.statusCode()).isEqualTo(400);
        for (HttpResponse<String> r : java.util.List.of(ok, error)) {
            assertThat(r.headers().firstValue("Cache-Control")).isEmpty();
            assertThat(r.headers().firstValue("Pragma")).isEmpty();
        }
    }

    @Test
    void fhirOpenWhenNoTokenThenData() throws Exception {
        Driver d = with(Flaw.FHIR_OPEN);
        HttpResponse<String> r = d.fhir("/Patient/B", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Driver.json(r).path("id").asText()).isEqualTo("B");
    }

    @Test
    void noBearerChallengeWhenNoTokenThen401WithoutChallenge() throws Exception {
        Driver d = with(Flaw.NO_BEARER_CHALLENGE);
        HttpResponse<String> r = d.fhir("/Patient/A", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(d.fhir("/Patient/A", "bogus").headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void headerTokenIgnoredWhenSchemeLowerCaseThen401() throws Exception {
        Driver d = with(Flaw.HEADER_TOKEN_IGNORED);
        String token = Driver.json(d.clientCredentials("system/*.rs")).path("access_token").asText();
        assertThat(d.fhir("/Patient/A", token).statusCode()).isEqualTo(200);
        assertThat(d.get(rc.fhirBase() + "/Patient/A", "Authorization", "bearer " + token).statusCode()).isEqualTo(401);
    }

    @Test
    void queryTokenAcceptedWhenQueryTokenThen200() throws Exception {
        Driver d = with(Flaw.QUERY_TOKEN_ACCEPTED);
        String token = Driver.json(d.clientCredentials("system/*.rs")).path("access_token").asText();
        assertThat(d.get(rc.fhirBase() + "/Patient/A?access_token=" + token).statusCode()).isEqualTo(200);
    }
}
