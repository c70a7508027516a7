package org.hitcert.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import org.hitcert.model.Candidate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The clean reference candidate, end to end over HTTPS. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferenceCandidateTest {

    ReferenceCandidate rc;
    Driver d;
    String issuer;

    @BeforeAll
    void start() throws Exception {
        long t0 = System.nanoTime();
        rc = Driver.start();
        System.out.printf("reference candidate started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        d = new Driver(rc);
        issuer = rc.issuer().toString();
    }

    @AfterAll
    void stop() {
        rc.close();
    }

    @Test
    void whenStartedThenApiDescribesClientsUsersAndLogin() {
        assertThat(issuer).matches("https://localhost:\\d+");
        assertThat(rc.fhirBase().toString()).isEqualTo(issuer + "/fhir");
        assertThat(rc.clients()).extracting(c -> c.role()).containsExactly("public", "confidential", "backend", "backend-second",
                "second", "short-lived", "other-audience", "native", "confidential-jwt", "refresh-idle", "backend-jwks-uri");
        assertThat(d.client("confidential-jwt").privateKey()).isPresent();
        assertThat(d.client("backend-jwks-uri").privateKey()).isPresent();
        assertThat(d.client("confidential").secret()).isPresent();
        assertThat(d.client("confidential").secret().get().toString()).doesNotContain(Driver.secret(d.client("confidential").secret().get()));
        assertThat(d.client("backend").privateKey()).isPresent();
        assertThat(d.client("backend").scope()).isEqualTo("system/*.rs");
        assertThat(d.client("public").redirectUris()).containsExactly(Driver.CALLBACK);
        assertThat(rc.users()).extracting(u -> u.role()).containsExactly("default", "other", "lockout", "mfa");
        assertThat(rc.users()).filteredOn(u -> u.totpSecret().isPresent()).extracting(u -> u.role()).containsExactly("mfa");
        assertThat(rc.login()).extracting(s -> s.selector()).containsExactly("#username", "#password", "button[type=submit]",
                "#totp", "#totp-submit", "input[type=checkbox][name=scope]", "#approve");
        assertThat(rc.login()).filteredOn(s -> s.consent()).extracting(s -> s.selector())
                .containsExactly("input[type=checkbox][name=scope]", "#approve");
        assertThat(rc.flaws()).isEmpty();
    }

    @Test
    void whenWritingTrustAnchorThenPem(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("ca.pem");
        rc.writeTrustAnchor(pem);
        assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void whenFetchingDiscoveryThenIssuerEndpointsAndFlags() throws Exception {
        for (String path : new String[] {"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"}) {
            HttpResponse<String> r = d.get(issuer + path);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(r.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
            JsonNode m = Driver.json(r);
            assertThat(m.path("issuer").asText()).isEqualTo(issuer);
            assertThat(m.path("userinfo_endpoint").asText()).isEqualTo(issuer + "/userinfo");
            assertThat(Driver.list(m.path("code_challenge_methods_supported"))).containsExactly("S256");
            assertThat(Driver.list(m.path("token_endpoint_auth_signing_alg_values_supported"))).doesNotContain("none")
                    .contains("RS256", "ES256");
            assertThat(Driver.list(m.path("response_types_supported"))).containsExactly("code");
            assertThat(m.path("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
        }
    }

    @Test
    void whenFetchingJwksThenPublicKeysOnly() throws Exception {
        JsonNode keys = Driver.json(d.get(issuer + "/jwks")).path("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).has("kid") && keys.get(0).has("kty") && keys.get(0).has("alg") && keys.get(0).has("use")).isTrue();
        assertThat(keys.get(0).has("d") || keys.get(0).has("p")).isFalse();
    }

    @Test
    void whenFetchingSmartConfigurationThenJsonWithCapabilities() throws Exception {
        HttpResponse<String> r = d.get(rc.fhirBase() + "/.well-known/smart-configuration", "Accept", "text/html");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode m = Driver.json(r);
        assertThat(m.path("issuer").asText()).isEqualTo(issuer);
        assertThat(Driver.list(m.path("capabilities"))).contains("launch-standalone", "permission-v2", "client-confidential-asymmetric");
        JsonNode cs = Driver.json(d.fhir("/metadata", null));
        assertThat(cs.path("rest").get(0).path("security").path("extension").get(0).path("extension").toString())
                .contains(issuer + "/authorize", issuer + "/token");
    }

    @Test
    void whenRunningCodeFlowThenTokensVerifyAndFhirServesOwnPatient() throws Exception {
        Map<String, String> params = d.authorizeParams("public", Driver.verifier());
        String verifier = Driver.verifier();
        params.put("code_challenge", Driver.s256(verifier));
        params.put("state", "s t&a=t/e?#%+é" + java.util.UUID.randomUUID());
        params.put("nonce", "n o&n=c/e?#%+é");
        Driver.Outcome o = d.authorize(params, "default");
        assertThat(o.response().statusCode()).isEqualTo(303);
        assertThat(o.location().toString()).startsWith(Driver.CALLBACK + "?");
        assertThat(o.query()).containsEntry("state", params.get("state")).containsEntry("iss", issuer).containsKey("code");

        HttpResponse<String> r = d.redeem("public", o.query().get("code"), verifier);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("Pragma")).hasValue("no-cache");
        JsonNode t = Driver.json(r);
        assertThat(t.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(t.path("patient").asText()).isEqualTo("A");
        assertThat(t.path("refresh_token").asText()).isNotEmpty();
        assertThat(t.path("scope").asText()).isEqualTo(params.get("scope"));

        RSAKey key = (RSAKey) JWKSet.parse(d.get(issuer + "/jwks").body()).getKeys().get(0);
        SignedJWT id = SignedJWT.parse(t.path("id_token").asText());
        assertThat(id.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(id.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo(params.get("nonce"));
        assertThat(id.getJWTClaimsSet().getStringClaim("fhirUser")).isEqualTo("Patient/A");
        assertThat(id.getJWTClaimsSet().getAudience()).containsExactly("reference-public");
        assertThat(id.getJWTClaimsSet().getStringClaim("at_hash")).isNotEmpty();
        SignedJWT at = SignedJWT.parse(t.path("access_token").asText());
        assertThat(at.getHeader().getKeyID()).isEqualTo(key.getKeyID());
        assertThat(at.getJWTClaimsSet().getAudience()).containsExactly(rc.fhirBase().toString());

        String token = t.path("access_token").asText();
        assertThat(d.fhir("/Patient/A", token).statusCode()).isEqualTo(200);
        assertThat(d.fhir("/Patient/B", token).statusCode()).isEqualTo(403);
        JsonNode bundle = Driver.json(d.fhir("/Observation?patient=B", token));
        assertThat(bundle.path("total").asInt()).isZero();
        bundle = Driver.json(d.fhir("/Observation?patient=A", token));
        assertThat(bundle.path("total").asInt()).isEqualTo(3); // a1, a2 (vital signs), a3 (laboratory)
        JsonNode userinfo = Driver.json(d.get(issuer + "/userinfo", "Authorization", "Bearer " + token));
        assertThat(userinfo.path("sub").asText()).isEqualTo(id.getJWTClaimsSet().getSubject());

        // RFC 6749 §4.1.2: a second redemption fails and revokes what the first one issued
        HttpResponse<String> again = d.redeem("public", o.query().get("code"), verifier);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(Driver.json(again).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(d.fhir("/Patient/A", token).statusCode()).isEqualTo(401);
    }

    @Test
    void whenRefreshTokenReusedThenFamilyRevoked() throws Exception {
        JsonNode t = d.tokens("public", "other");
        assertThat(t.path("patient").asText()).isEqualTo("B");
        String rt1 = t.path("refresh_token").asText();
        HttpResponse<String> r = d.post(issuer + "/token", Driver.params("grant_type", "refresh_token", "refresh_token", rt1,
                "client_id", "reference-public", "scope", "openid patient/*.rs launch/patient"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode t2 = Driver.json(r);
        assertThat(t2.path("scope").asText()).isEqualTo("openid patient/*.rs launch/patient");
        String rt2 = t2.path("refresh_token").asText();
        assertThat(rt2).isNotEqualTo(rt1);
        HttpResponse<String> broader = d.post(issuer + "/token", Driver.params("grant_type", "refresh_token",
                "refresh_token", rt2, "client_id", "reference-public", "scope", "openid system/*.rs"));
        assertThat(Driver.json(broader).path("error").asText()).isEqualTo("invalid_scope");
        HttpResponse<String> reuse = d.post(issuer + "/token", Driver.params("grant_type", "refresh_token",
                "refresh_token", rt1, "client_id", "reference-public"));
        assertThat(Driver.json(reuse).path("error").asText()).isEqualTo("invalid_grant");
        HttpResponse<String> after = d.post(issuer + "/token", Driver.params("grant_type", "refresh_token",
                "refresh_token", rt2, "client_id", "reference-public"));
        assertThat(Driver.json(after).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(d.fhir("/Patient/B", t2.path("access_token").asText()).statusCode()).isEqualTo(401);
    }

    @Test
    void whenConfidentialClientUsesWrongSecretThen401Basic() throws Exception {
        JsonNode t = d.tokens("confidential", "default");
        assertThat(t.path("access_token").asText()).isNotEmpty();
        HttpResponse<String> r = d.post(issuer + "/token", Driver.params("grant_type", "refresh_token",
                "refresh_token", t.path("refresh_token").asText()), "Authorization", Driver.basic("reference-confidential", "wrong"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
        assertThat(Driver.json(r).path("error").asText()).isEqualTo("invalid_client");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void whenIntrospectingAndRevokingThenRfc7662And7009() throws Exception {
        JsonNode t = d.tokens("confidential", "default");
        String auth = Driver.basic("reference-confidential", Driver.secret(d.client("confidential").secret().orElseThrow()));
        JsonNode active = Driver.json(d.post(issuer + "/introspect", Driver.params("token", t.path("access_token").asText()),
                "Authorization", auth));
        assertThat(active.path("active").asBoolean()).isTrue();
        assertThat(active.path("client_id").asText()).isEqualTo("reference-confidential");
        HttpResponse<String> unauthenticated = d.post(issuer + "/introspect", Driver.params("token", "x"));
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(d.post(issuer + "/revoke", Driver.params("token", "unknown"), "Authorization", auth).statusCode()).isEqualTo(200);
        assertThat(d.post(issuer + "/revoke", Driver.params("token", t.path("refresh_token").asText()), "Authorization", auth)
                .statusCode()).isEqualTo(200);
        JsonNode inactive = Driver.json(d.post(issuer + "/introspect", Driver.params("token", t.path("access_token").asText()),
                "Authorization", auth));
        assertThat(inactive.toString()).isEqualTo("{\"active\":false}");
        assertThat(d.fhir("/Patient/A", t.path("access_token").asText()).statusCode()).isEqualTo(401);
    }

    @Test
    void whenBackendUsesPrivateKeyJwtThenSystemAccessAndNoRefreshToken() throws Exception {
        HttpResponse<String> r = d.clientCredentials("system/*.rs");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode t = Driver.json(r);
        assertThat(t.has("refresh_token")).isFalse();
        String token = t.path("access_token").asText();
        assertThat(Driver.json(d.fhir("/Observation", token)).path("total").asInt()).isEqualTo(5);
        // the same assertion twice: jti replay
        String assertion = d.assertion(issuer + "/token");
        Map<String, String> form = d.backendAuth(assertion);
        form.put("grant_type", "client_credentials");
        assertThat(d.post(issuer + "/token", form).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = d.post(issuer + "/token", form);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(Driver.json(replay).path("error").asText()).isEqualTo("invalid_client");
        assertThat(Driver.json(d.clientCredentials("patient/*.rs")).path("error").asText()).isEqualTo("invalid_scope");
        // introspection by the backend
        Map<String, String> introspect = d.backendAuth(d.assertion(issuer + "/introspect"));
        introspect.put("token", token);
        assertThat(Driver.json(d.post(issuer + "/introspect", introspect)).path("active").asBoolean()).isTrue();
    }

    @Test
    void whenFhirCalledWithoutOrWithBadOrNarrowTokenThen401Or403() throws Exception {
        HttpResponse<String> none = d.fhir("/Patient/A", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer realm=").doesNotContain("error");
        HttpResponse<String> bad = d.fhir("/Patient/A", "not-a-token");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
        HttpResponse<String> query = d.get(rc.fhirBase() + "/Patient/A?access_token=whatever");
        assertThat(query.statusCode()).isEqualTo(401);

        String verifier = Driver.verifier();
        Map<String, String> params = d.authorizeParams("public", verifier);
        params.put("scope", "openid launch/patient patient/Patient.r");
        Driver.Outcome o = d.authorize(params, "default");
        String token = Driver.json(d.redeem("public", o.query().get("code"), verifier)).path("access_token").asText();
        HttpResponse<String> lower = d.get(rc.fhirBase() + "/Patient/A", "Authorization", "bearer " + token);
        assertThat(lower.statusCode()).isEqualTo(200);
        assertThat(lower.headers().firstValue("Content-Type")).hasValue("application/fhir+json");
        HttpResponse<String> obs = d.fhir("/Observation/a1", token);
        assertThat(obs.statusCode()).isEqualTo(403);
        assertThat(obs.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"insufficient_scope\"");
        assertThat(d.fhir("/Patient?_id=A", token).statusCode()).isEqualTo(403); // .r does not grant search
    }

    @Test
    void whenAuthorizeRequestIsBadThenErrorPageOrErrorRedirect() throws Exception {
        String verifier = Driver.verifier();
        Map<String, String> p = d.authorizeParams("public", verifier);
        p.put("redirect_uri", "http://127.0.0.1:41234/callback/evil");
        HttpResponse<String> page = d.get(d.authorizeUrl(p));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");

        p = d.authorizeParams("public", verifier);
        p.put("redirect_uri", "http://127.0.0.1:50000/callback"); // RFC 8252 §7.3: any loopback port
        assertThat(d.get(d.authorizeUrl(p)).statusCode()).isEqualTo(200);

        p = d.authorizeParams("public", verifier);
        p.remove("code_challenge");
        p.remove("code_challenge_method");
        Driver.Outcome o = Driver.outcome(d.get(d.authorizeUrl(p)), null);
        assertThat(o.query()).containsEntry("error", "invalid_request").containsEntry("state", p.get("state"))
                .containsEntry("iss", issuer);

        p = d.authorizeParams("public", verifier);
        p.put("code_challenge", verifier);
        p.put("code_challenge_method", "plain");
        assertThat(Driver.outcome(d.get(d.authorizeUrl(p)), null).query()).containsEntry("error", "invalid_request");

        p = d.authorizeParams("public", verifier);
        p.put("response_type", "token");
        assertThat(Driver.outcome(d.get(d.authorizeUrl(p)), null).query()).containsEntry("error", "unsupported_response_type");

        p = d.authorizeParams("public", verifier);
        p.put("scope", "openid system/*.rs");
        assertThat(Driver.outcome(d.get(d.authorizeUrl(p)), null).query()).containsEntry("error", "invalid_scope");

        p = d.authorizeParams("public", verifier);
        p.put("prompt", "none");
        assertThat(Driver.outcome(d.get(d.authorizeUrl(p)), null).query()).containsEntry("error", "login_required");
    }

    @Test
    void whenLoginPageServedThenHardenedAndCsrfChecked() throws Exception {
        HttpResponse<String> page = d.get(d.authorizeUrl(d.authorizeParams("public", Driver.verifier())));
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Set-Cookie").orElse("")).contains("Secure", "HttpOnly", "SameSite=Lax");
        assertThat(page.body()).contains("id=\"username\"", "id=\"password\"", "type=\"submit\"");
        String cookie = Driver.cookieOf(page, null);
        Map<String, String> hidden = Driver.hidden(page.body());
        HttpResponse<String> forged = d.post(issuer + "/login", Driver.params("csrf", "forged", "tx", hidden.get("tx"),
                "username", "alice", "password", Driver.secret(d.user("default").password())), "Cookie", cookie);
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void whenCodeRedeemedWithWrongVerifierOrByAnotherClientThenInvalidGrant() throws Exception {
        String verifier = Driver.verifier();
        Driver.Outcome o = d.authorize(d.authorizeParams("public", verifier), "default");
        assertThat(Driver.json(d.redeem("second", o.query().get("code"), verifier)).path("error").asText()).isEqualTo("invalid_grant");
        o = d.authorize(d.authorizeParams("public", verifier), "default");
        assertThat(Driver.json(d.redeem("public", o.query().get("code"), Driver.verifier())).path("error").asText())
                .isEqualTo("invalid_grant");
        o = d.authorize(d.authorizeParams("public", verifier), "default");
        assertThat(Driver.json(d.redeem("public", o.query().get("code"), null)).path("error").asText()).isEqualTo("invalid_grant");
    }

    private int assertionStatus(JWSHeader header, JWTClaimsSet claims, boolean sign) throws Exception {
        Candidate.ClientSpec c = d.client("backend");
        RSAKey key = RSAKey.parse(Driver.secret(c.privateKey().orElseThrow()));
        String jwt;
        if (header == null) {
            jwt = new PlainJWT(claims).serialize();
        } else {
            SignedJWT signed = new SignedJWT(header, claims);
            if (header.getAlgorithm().getName().startsWith("HS")) {
                signed.sign(new MACSigner(new byte[32]));
            } else if (sign) {
                signed.sign(new RSASSASigner(key));
            } else {
                signed.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
            }
            jwt = signed.serialize();
        }
        Map<String, String> form = d.backendAuth(jwt);
        form.put("grant_type", "client_credentials");
        HttpResponse<String> r = d.post(issuer + "/token", form);
        if (r.statusCode() != 200) {
            assertThat(Driver.json(r).path("error").asText()).isEqualTo("invalid_client");
        }
        return r.statusCode();
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer("reference-backend").subject("reference-backend").audience(issuer + "/token")
                .expirationTime(new Date(System.currentTimeMillis() + 120_000)).jwtID(UUID.randomUUID().toString());
    }

    @Test
    void whenClientAssertionIsWeakOrWrongThenInvalidClient() throws Exception {
        String kid = RSAKey.parse(Driver.secret(d.client("backend").privateKey().orElseThrow())).getKeyID();
        JWSHeader rs384 = new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(kid).build();
        assertThat(assertionStatus(rs384, claims().build(), true)).isEqualTo(200);
        assertThat(assertionStatus(rs384, claims().audience(issuer).build(), true)).isEqualTo(200);
        assertThat(assertionStatus(null, claims().build(), true)).isEqualTo(401);
        assertThat(assertionStatus(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims().build(), true)).isEqualTo(401);
        assertThat(assertionStatus(new JWSHeader.Builder(JWSAlgorithm.RS512).keyID(kid).build(), claims().build(), true)).isEqualTo(401);
        assertThat(assertionStatus(new JWSHeader(JWSAlgorithm.RS384), claims().build(), true)).isEqualTo(401);
        assertThat(assertionStatus(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("other").build(), claims().build(), true))
                .isEqualTo(401);
        assertThat(assertionStatus(rs384, claims().audience(List.of(issuer + "/token", "https://evil.example/token")).build(), true))
                .isEqualTo(401);
        assertThat(assertionStatus(rs384, claims().build(), false)).isEqualTo(401);
        assertThat(assertionStatus(rs384, claims().audience("https://elsewhere.example/token").build(), true)).isEqualTo(401);
        assertThat(assertionStatus(rs384, claims().issuer("reference-public").build(), true)).isEqualTo(401);
        assertThat(assertionStatus(rs384, claims().expirationTime(null).build(), true)).isEqualTo(401);
        assertThat(assertionStatus(rs384, claims().expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).build(), true))
                .isEqualTo(401);
        assertThat(assertionStatus(rs384, claims().expirationTime(new Date(System.currentTimeMillis() - 120_000)).build(), true))
                .isEqualTo(401);
        assertThat(assertionStatus(rs384, claims().jwtID(null).build(), true)).isEqualTo(401);
    }

    @Test
    void whenUserinfoWithoutOrWithBadTokenThenBearerChallenge() throws Exception {
        HttpResponse<String> none = d.get(issuer + "/userinfo");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer realm=");
        HttpResponse<String> bad = d.post(issuer + "/userinfo", Driver.params("access_token", "bad"));
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
        String backendToken = Driver.json(d.clientCredentials("system/*.rs")).path("access_token").asText();
        assertThat(d.get(issuer + "/userinfo", "Authorization", "Bearer " + backendToken).statusCode()).isEqualTo(403);
    }

    @Test
    void whenUnknownPathOrWrongMethodThenErrorWithHsts() throws Exception {
        HttpResponse<String> missing = d.get(issuer + "/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
        HttpResponse<String> get = d.get(issuer + "/token");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void whenBearerRequestMalformedThen400AndWritesNeedScope() throws Exception {
        JsonNode t = d.tokens("public", "default");
        String token = t.path("access_token").asText();
        HttpResponse<String> both = d.get(rc.fhirBase() + "/Patient/A?access_token=" + token, "Authorization", "Bearer " + token);
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(both.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_request\"");
        HttpResponse<String> twice = d.get(rc.fhirBase() + "/Patient/A", "Authorization", "Bearer " + token, "Authorization",
                "Bearer " + token);
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(d.get(rc.fhirBase() + "/Patient/A", "Authorization", "Bearer a,b").statusCode()).isEqualTo(400);
        HttpResponse<String> idToken = d.fhir("/Patient/A", t.path("id_token").asText());
        assertThat(idToken.statusCode()).isEqualTo(401);
        assertThat(d.get(issuer + "/userinfo", "Authorization", "Bearer " + t.path("id_token").asText()).statusCode()).isEqualTo(401);
        for (String method : List.of("POST", "DELETE")) {
            java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(rc.fhirBase() + (method.equals("POST") ? "/Observation" : "/Observation/a1")))
                    .timeout(java.time.Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
                    .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(method.equals("POST") ? "{}" : "")).build();
            HttpResponse<String> r = d.send(req);
            assertThat(r.statusCode()).as(method).isEqualTo(403);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("insufficient_scope");
        }
    }

    @Test
    void whenAuthorizeSentAsFormPostThenSameFlowWith303() throws Exception {
        String verifier = Driver.verifier();
        Map<String, String> p = d.authorizeParams("public", verifier);
        HttpResponse<String> page = d.post(issuer + "/authorize", p);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"username\"");
        p.put("response_type", "bogus");
        HttpResponse<String> error = d.post(issuer + "/authorize", p);
        assertThat(error.statusCode()).isEqualTo(303);
        assertThat(Driver.outcome(error, null).query()).containsEntry("error", "unsupported_response_type")
                .containsEntry("state", p.get("state"));
    }

    @Test
    void whenVerifierSyntaxInvalidOrPkceDowngradedThenRefused() throws Exception {
        String verifier = Driver.verifier();
        Driver.Outcome o = d.authorize(d.authorizeParams("public", verifier), "default");
        HttpResponse<String> shortOne = d.redeem("public", o.query().get("code"), "a".repeat(42));
        assertThat(shortOne.statusCode()).isEqualTo(400);
        assertThat(Driver.json(shortOne).path("error").asText()).isIn("invalid_request", "invalid_grant");
        Map<String, String> p = d.authorizeParams("public", verifier);
        p.remove("code_challenge_method"); // absent method means plain (RFC 7636 §4.3)
        assertThat(Driver.outcome(d.get(d.authorizeUrl(p)), null).query()).containsEntry("error", "invalid_request");
        p = d.authorizeParams("public", verifier);
        p.put("scope", "openid patient/Obs.xyz");
        assertThat(Driver.outcome(d.get(d.authorizeUrl(p)), null).query()).containsEntry("error", "invalid_scope")
                .containsEntry("iss", issuer);
        HttpResponse<String> ropc = d.post(issuer + "/token", Driver.params("grant_type", "password", "username", "alice",
                "password", Driver.secret(d.user("default").password())),
                "Authorization", Driver.basic("reference-confidential", Driver.secret(d.client("confidential").secret().orElseThrow())));
        assertThat(Driver.json(ropc).path("error").asText()).isIn("unsupported_grant_type", "unauthorized_client");
        HttpResponse<String> confidentialWithoutSecret = d.post(issuer + "/token", Driver.params("grant_type", "authorization_code",
                "code", "x", "client_id", "reference-confidential", "redirect_uri", Driver.CALLBACK.toString()));
        assertThat(confidentialWithoutSecret.statusCode()).isEqualTo(401);
        HttpResponse<String> secretInQuery = d.post(issuer + "/token?client_secret=x", Driver.params("grant_type", "client_credentials"));
        assertThat(Driver.json(secretInQuery).path("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void whenBrowserResolvesLocalhostToIpv6ThenLoopbackV6IsServedToo() throws Exception {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getByName("::1"), rc.issuer().getPort()), 2000);
            assertThat(socket.isConnected()).isTrue();
        } catch (java.net.SocketException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
        }
    }
}
