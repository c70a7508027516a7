package org.hitcert.checks.authorize;

import java.net.URI;
import java.util.Map;
import org.hitcert.checks.CheckContext;
import org.hitcert.support.HttpRequestSpec;

/** Builds authorization request URLs by hand, for requests the code flow helper cannot express. */
final class AuthorizationRequests {

    private AuthorizationRequests() {
    }

    static URI endpoint(CheckContext ctx) {
        return ctx.target().endpoint("authorization").orElseThrow(() -> new IllegalStateException(
                "the candidate states no authorization endpoint (discovery or candidate file)"));
    }

    static String[] pairs(Map<String, String> params) {
        return params.entrySet().stream().filter(e -> e.getValue() != null)
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
    }

    static URI url(CheckContext ctx, Map<String, String> params) {
        return HttpRequestSpec.withQuery(endpoint(ctx), pairs(params));
    }

    /** {@code url} with {@code name=value} appended once more (a repeated parameter, RFC 6749 §3.1). */
    static URI repeated(URI url, String name, String value) {
        return URI.create(url + "&" + HttpRequestSpec.formEncode(name, value));
    }
}
