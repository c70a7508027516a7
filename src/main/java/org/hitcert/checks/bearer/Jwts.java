package org.hitcert.checks.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Taking a compact JWS apart and putting edited parts back together, for the token-tampering checks. */
final class Jwts {

    static final ObjectMapper JSON = new ObjectMapper();

    record Parts(ObjectNode header, ObjectNode claims, String signature) {
    }

    private Jwts() {
    }

    static Optional<Parts> parse(String token) {
        String[] p = token.split("\\.", -1);
        if (p.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode h = JSON.readTree(Base64.getUrlDecoder().decode(p[0]));
            JsonNode c = JSON.readTree(Base64.getUrlDecoder().decode(p[1]));
            return h instanceof ObjectNode oh && c instanceof ObjectNode oc ? Optional.of(new Parts(oh, oc, p[2])) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static String b64(JsonNode node) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(node));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
