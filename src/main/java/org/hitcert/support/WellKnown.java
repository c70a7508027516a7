package org.hitcert.support;

import java.net.URI;

/** Where the well-known metadata documents live (OIDC Discovery §4; RFC 8414 §3). */
public final class WellKnown {

    private WellKnown() {
    }

    /** {issuer}/.well-known/openid-configuration: appended to the issuer, path included. */
    public static URI openidConfiguration(URI issuer) {
        String s = issuer.toString();
        return URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/.well-known/openid-configuration");
    }

    /** RFC 8414 §3: the well-known segment goes between the host and the issuer's path. */
    public static URI oauthAuthorizationServer(URI issuer) {
        String path = issuer.getRawPath() == null || issuer.getRawPath().equals("/") ? "" : issuer.getRawPath();
        return URI.create(issuer.getScheme() + "://" + issuer.getRawAuthority() + "/.well-known/oauth-authorization-server" + path);
    }

    public static URI smartConfiguration(URI fhirBase) {
        String s = fhirBase.toString();
        return URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/.well-known/smart-configuration");
    }
}
