package org.hitcert.reference;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The claims userinfo releases (OpenID Connect Core §5.3.2, §5.4): sub, and fhirUser with the fhirUser scope. */
final class UserInfo {

    private UserInfo() {
    }

    static Map<String, Object> claims(Tokens tokens, Registry.AccessToken token, Set<Flaw> flaws) {
        Registry.Grant grant = token.grant();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", flaws.contains(Flaw.USERINFO_SUB_MISMATCH) ? "userinfo-" + tokens.subject(grant) : tokens.subject(grant));
        if (token.scope().contains("fhirUser")) {
            claims.put("fhirUser", grant.user.fhirUser());
        }
        if (flaws.contains(Flaw.USERINFO_EXTRA_CLAIMS)) {
            claims.put("name", grant.user.username());
            claims.put("birthdate", "1970-01-01");
            claims.put("email", grant.user.username() + "@patients.example");
        }
        return claims;
    }
}
