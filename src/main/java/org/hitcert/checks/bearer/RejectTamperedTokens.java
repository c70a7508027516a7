package org.hitcert.checks.bearer;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.UntrustedKeys;

/**
 * RFC 8725 §3.1 (verify the algorithm and signature), §3.3 and RFC 6750 §3.1 ({@code invalid_token}): a JWT access
 * token with edited claims, no signature, {@code alg: none}, an HS256 MAC keyed with the AS's public key, or a signature
 * by an unknown key is refused. Each variant changes one thing from the served baseline token.
 */
public final class RejectTamperedTokens implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.tampered-token.refused",
                "Access tokens with edited claims, no or a none signature, HS256 with the public key, or an unknown kid are refused",
                List.of("tampered-token-accepted", "alg-none-token-accepted"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) throws Exception {
        URI base = FhirResources.fhirBase(ctx);
        String token = Fhir.sharedAccessToken(ctx);
        URI resource = FhirResources.protectedResource(ctx, base, ctx.sharedTokens());
        Fhir.baseline(ctx, resource, token, "the unchanged token");
        Map<String, String> variants = new LinkedHashMap<>();
        Jwts.Parts jwt = Jwts.parse(token).orElse(null);
        if (jwt == null) {
            // opaque tokens: the only tampering a client can do is to change characters
            char last = token.charAt(token.length() - 1);
            variants.put("one character changed", token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'));
        } else {
            String h = token.substring(0, token.indexOf('.'));
            String sig = jwt.signature();
            ObjectNode scope = jwt.claims().deepCopy();
            scope.put("scope", (scope.path("scope").asText("") + " user/*.cruds system/*.cruds").trim());
            variants.put("the scope claim widened", h + "." + Jwts.b64(scope) + "." + sig);
            ObjectNode exp = jwt.claims().deepCopy();
            exp.put("exp", exp.path("exp").asLong(System.currentTimeMillis() / 1000) + 86_400);
            variants.put("exp moved a day later", h + "." + Jwts.b64(exp) + "." + sig);
            if (jwt.claims().has("patient")) {
                ObjectNode patient = jwt.claims().deepCopy();
                patient.put("patient", "hitcert-" + patient.path("patient").asText());
                variants.put("the patient claim changed", h + "." + Jwts.b64(patient) + "." + sig);
            }
            String payload = token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'));
            variants.put("the signature stripped", h + "." + payload + ".");
            ObjectNode none = jwt.header().deepCopy();
            none.put("alg", "none");
            variants.put("alg none, no signature", Jwts.b64(none) + "." + payload + ".");
            publicKeyPem(ctx, jwt.header().path("kid").asText("")).ifPresentOrElse(pem -> {
                try {
                    JWSHeader hs = new JWSHeader.Builder(JWSAlgorithm.HS256).type(jwt.header().has("typ")
                            ? new com.nimbusds.jose.JOSEObjectType(jwt.header().path("typ").asText()) : null)
                            .keyID(jwt.header().path("kid").asText(null)).build();
                    JWSObject mac = new JWSObject(hs, new Payload(Base64.getUrlDecoder().decode(payload)));
                    mac.sign(new MACSigner(Jwts.ascii(pem)));
                    variants.put("HS256 keyed with the authorization server's public key (PEM)", mac.serialize());
                } catch (Exception e) {
                    ctx.note("HS256 variant skipped", "the public key could not key an HMAC: " + e.getMessage());
                }
            }, () -> ctx.note("HS256 variant skipped", "no jwks_uri key matches the token's kid"));
            RSAKey unknown = UntrustedKeys.rsa(UntrustedKeys.Purpose.UNKNOWN_SIGNER,
                    "hitcert-unknown-" + Long.toHexString(System.nanoTime()));
            JWSObject foreign = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(unknown.getKeyID()).build(),
                    new Payload(Base64.getUrlDecoder().decode(payload)));
            foreign.sign(new RSASSASigner(unknown));
            variants.put("signed by a key the server never published (unknown kid)", foreign.serialize());
        }
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, String> v : variants.entrySet()) {
            HttpExchange x = Fhir.get(ctx, resource, v.getValue());
            if (Fhir.ok(x)) {
                throw fail("an access token with " + v.getKey() + " was accepted: " + x.summary()
                        + "; expected 401 invalid_token (RFC 8725 §3.1: verify the signature and algorithm; RFC 6750 §3.1)");
            }
            if (x.status() != 401) {
                notes.add(v.getKey() + ": " + x.status());
            }
        }
        if (!notes.isEmpty()) {
            ctx.note("refused, but not with 401", "RFC 6750 §3.1 names 401 invalid_token: " + notes);
        }
        ctx.pass("all " + variants.size() + " tampered variants of a served token were refused: " + variants.keySet());
    }

    /** The AS's public key for {@code kid} as PEM, the text a confused verifier would use as an HMAC secret. */
    private static java.util.Optional<String> publicKeyPem(CheckContext ctx, String kid) {
        java.util.Optional<URI> jwks = ctx.target().endpoint("jwks");
        if (jwks.isEmpty()) {
            return java.util.Optional.empty();
        }
        HttpExchange x = ctx.http().get(jwks.get(), "Accept", "application/json");
        try {
            for (JWK k : JWKSet.parse(x.body()).getKeys()) {
                if ((kid.isEmpty() || kid.equals(k.getKeyID())) && k instanceof AsymmetricJWK a) {
                    String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(a.toPublicKey().getEncoded());
                    return java.util.Optional.of("-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n");
                }
            }
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }
}
