package org.hitcert.checks.authorize;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;

/**
 * Decides whether a response or a browser URL is a hop to a given redirect URI: by a Location header, a meta
 * refresh, a script navigation or an auto-submitted form (RFC 6749 §3.1.2.4, RFC 9700 §4.1.3, §4.11). Pure
 * functions over recorded input.
 */
final class Redirects {

    /** A host that can never resolve (RFC 6761 §6.4), so no manipulated URI reaches a real third party. */
    static final String EVIL_HOST = "hitcert-evil.invalid";

    /** The manipulations of a registered redirect URI, in the order they are tried. */
    static final List<String> VARIANT_NAMES = List.of("trailing-slash", "path-case", "extra-path", "extra-query", "other-port",
            "http-scheme", "subdomain", "userinfo", "encoded-traversal", "fragment");

    private static final Pattern META_REFRESH = Pattern.compile(
            "<meta[^>]+http-equiv\\s*=\\s*[\"']?refresh[^>]*content\\s*=\\s*[\"'][^\"']*?url\\s*=\\s*'?([^\"'>]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SCRIPT_NAV = Pattern.compile(
            "location(?:\\.href)?\\s*=\\s*[\"']([^\"']+)[\"']|location\\.(?:replace|assign)\\(\\s*[\"']([^\"']+)[\"']",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]+action\\s*=\\s*[\"']([^\"']+)[\"']",
            Pattern.CASE_INSENSITIVE);

    private Redirects() {
    }

    /** The variant {@code name} of {@code registered}; empty when it does not apply to that URI. */
    static Optional<String> variant(URI registered, String name) {
        String r = registered.toString();
        String scheme = registered.getScheme();
        String host = registered.getRawAuthority() == null ? "" : registered.getHost();
        int port = registered.getPort();
        String authority = registered.getRawAuthority();
        String path = registered.getRawPath() == null ? "" : registered.getRawPath();
        String rest = (registered.getRawQuery() == null ? "" : "?" + registered.getRawQuery());
        String base = scheme + "://" + authority;
        return switch (name) {
            case "trailing-slash" -> Optional.of(path.endsWith("/") ? base + path.substring(0, path.length() - 1) + rest
                    : base + path + "/" + rest);
            case "path-case" -> path.toUpperCase(Locale.ROOT).equals(path) ? Optional.empty()
                    : Optional.of(base + path.toUpperCase(Locale.ROOT) + rest);
            case "extra-path" -> Optional.of(base + trimSlash(path) + "/hitcert-evil" + rest);
            case "extra-query" -> Optional.of(r + (registered.getRawQuery() == null ? "?" : "&") + "hitcert=evil");
            case "other-port" -> Optional.of(scheme + "://" + host + ":" + (effectivePort(scheme, port) + 1) + path + rest);
            case "http-scheme" -> "https".equals(scheme) ? Optional.of("http" + r.substring(5)) : Optional.empty();
            case "subdomain" -> Optional.of(scheme + "://hitcert-evil." + authority + path + rest);
            case "userinfo" -> Optional.of(scheme + "://" + authority + "@" + EVIL_HOST + path + rest);
            case "encoded-traversal" -> Optional.of(base + trimSlash(path) + "/..%2fhitcert-evil" + rest);
            case "fragment" -> Optional.of(r + "#hitcert-evil");
            default -> throw new IllegalArgumentException("unknown redirect URI variant '" + name + "'; known: " + VARIANT_NAMES);
        };
    }

    /** An http URI on a loopback IP literal, where RFC 8252 §7.3 lets the port vary. */
    static boolean loopbackLiteral(URI uri) {
        String h = uri.getHost();
        return "http".equals(uri.getScheme()) && ("127.0.0.1".equals(h) || "[::1]".equals(h) || "::1".equals(h));
    }

    /**
     * Whether the browser at {@code visited} is at {@code target}: same scheme, user info, host, port and path, every
     * query parameter of {@code target} present, and {@code target}'s fragment (if any) leading {@code visited}'s.
     */
    static boolean targets(String visited, String target) {
        Optional<URI> v = parse(visited);
        Optional<URI> t = parse(target);
        if (v.isEmpty() || t.isEmpty()) {
            return visited != null && visited.startsWith(target);
        }
        URI a = v.get();
        URI b = t.get();
        if (!eq(lower(a.getScheme()), lower(b.getScheme())) || !eq(a.getRawUserInfo(), b.getRawUserInfo())
                || !eq(lower(a.getHost()), lower(b.getHost()))
                || effectivePort(a.getScheme(), a.getPort()) != effectivePort(b.getScheme(), b.getPort())
                || !eq(emptyPath(a.getRawPath()), emptyPath(b.getRawPath()))) {
            // a browser may drop user info from the URL it shows: the host alone then gives the hop away
            return b.getRawUserInfo() != null && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                    && eq(emptyPath(a.getRawPath()), emptyPath(b.getRawPath()));
        }
        Map<String, String> have = HttpRequestSpec.parseQuery(a.getRawQuery());
        for (Map.Entry<String, String> e : HttpRequestSpec.parseQuery(b.getRawQuery()).entrySet()) {
            if (!e.getValue().equals(have.get(e.getKey()))) {
                return false;
            }
        }
        return b.getRawFragment() == null || a.getRawFragment() != null && a.getRawFragment().startsWith(b.getRawFragment());
    }

    /**
     * The hop in {@code x} (the answer to {@code request}) to a URL that {@code target} accepts, described for a
     * reason ("302 Location: …", "meta refresh to …"); empty when there is none.
     */
    static Optional<String> hop(HttpExchange x, URI request, java.util.function.Predicate<String> target) {
        if (x.status() >= 300 && x.status() < 400) {
            Optional<String> location = x.header("Location");
            if (location.isPresent()) {
                String abs = resolve(request, location.get());
                if (target.test(abs)) {
                    return Optional.of(x.status() + " with Location: " + abs);
                }
            }
        }
        for (String url : scripted(x.body() == null ? "" : x.body())) {
            String abs = resolve(request, url);
            if (target.test(abs)) {
                return Optional.of("a page (" + x.status() + ") that navigates to " + abs + " by meta refresh, script or auto-posted form");
            }
        }
        return Optional.empty();
    }

    /** URLs a page navigates to by itself: meta refresh, script location changes, forms it submits. */
    static List<String> scripted(String html) {
        List<String> urls = new ArrayList<>();
        Matcher m = META_REFRESH.matcher(html);
        while (m.find()) {
            urls.add(unescape(m.group(1).trim()));
        }
        m = SCRIPT_NAV.matcher(html);
        while (m.find()) {
            urls.add(unescape((m.group(1) != null ? m.group(1) : m.group(2)).replace("\\/", "/")));
        }
        if (html.toLowerCase(Locale.ROOT).contains(".submit()")) {
            m = FORM_ACTION.matcher(html);
            while (m.find()) {
                urls.add(unescape(m.group(1)));
            }
        }
        return urls;
    }

    /** Whether a page may still move the browser by itself (so only a browser can tell where it goes). */
    static boolean mayNavigate(HttpExchange x) {
        String body = x.body() == null ? "" : x.body().toLowerCase(Locale.ROOT);
        return x.status() < 400 || body.contains("<script") || body.contains("refresh");
    }

    /** How {@code x}, the answer to {@code request} sent before any login, ended (a redirect to {@code registered}, or a page). */
    static org.hitcert.support.AuthorizationEnding ending(HttpExchange x, URI request, String registered) {
        Optional<String> location = x.status() >= 300 && x.status() < 400 ? x.header("Location") : Optional.empty();
        String to = location.map(l -> resolve(request, l)).filter(l -> targets(l, registered)).orElse(null);
        return org.hitcert.support.AuthorizationEnding.ofAnswer(request, x.status(), to, text(x.body()));
    }

    /** The visible text of an HTML page, roughly: tags and scripts removed, spaces collapsed. */
    static String text(String html) {
        if (html == null) {
            return "";
        }
        return unescape(html.replaceAll("(?is)<(script|style|head)[^>]*>.*?</\\1>", " ").replaceAll("<[^>]*>", " "))
                .replaceAll("\\s+", " ").strip();
    }

    /**
     * Whether {@code visited}, a URL the browser went to, carries an authorization response ({@code code}, {@code error}
     * or {@code state}, in its query or fragment) to a URI other than {@code registered}, off the authorization server's
     * origin {@code authorization}: the response went somewhere the client never registered (RFC 6749 §3.1.2.4).
     */
    static boolean responseElsewhere(String visited, String registered, URI authorization) {
        Optional<URI> v = parse(visited);
        if (v.isEmpty() || v.get().getScheme() == null || !v.get().getScheme().startsWith("http") || targets(visited, registered)) {
            return false;
        }
        URI u = v.get();
        if (u.getHost() != null && u.getHost().equalsIgnoreCase(authorization.getHost())
                && effectivePort(u.getScheme(), u.getPort()) == effectivePort(authorization.getScheme(), authorization.getPort())) {
            return false;
        }
        Map<String, String> q = new java.util.HashMap<>(HttpRequestSpec.parseQuery(u.getRawQuery()));
        q.putAll(HttpRequestSpec.parseQuery(u.getRawFragment()));
        return q.containsKey("code") || q.containsKey("error") || q.containsKey("state");
    }

    static Map<String, String> variants(URI registered, List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names) {
            variant(registered, n).ifPresent(v -> out.put(n, v));
        }
        return out;
    }

    private static String resolve(URI base, String ref) {
        try {
            return base.resolve(new URI(ref.trim())).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return ref;
        }
    }

    private static String unescape(String s) {
        return s.replace("&amp;", "&").replace("&#x2F;", "/").replace("&#47;", "/").replace("&quot;", "\"").replace("&#39;", "'");
    }

    private static Optional<URI> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI(s));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static int effectivePort(String scheme, int port) {
        return port != -1 ? port : "https".equalsIgnoreCase(scheme) ? 443 : "http".equalsIgnoreCase(scheme) ? 80 : -1;
    }

    private static String trimSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String emptyPath(String p) {
        return p == null || p.isEmpty() ? "/" : p;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static boolean eq(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
