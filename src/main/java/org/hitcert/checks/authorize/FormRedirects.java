package org.hitcert.checks.authorize;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The redirects a browser followed, read from its DevTools network events: a {@code Network.requestWillBeSent}
 * that carries {@code redirectResponse} is the answer to the earlier request with the same {@code requestId}.
 * Pure functions over recorded events.
 */
final class FormRedirects {

    /** One redirect: the request it answered (method, URL without query) and the status it had. */
    record Hop(String method, String from, int status) {

        boolean repostsBody() {
            return status == 307 || status == 308;
        }

        @Override
        public String toString() {
            return method + " " + from + " → " + status;
        }
    }

    private FormRedirects() {
    }

    /** Every redirect in {@code events}, in the order the browser followed them. */
    static List<Hop> hops(List<Map<String, Object>> events) {
        Map<String, String> methodById = new HashMap<>();
        List<Hop> hops = new ArrayList<>();
        for (Map<String, Object> e : events) {
            if (!"Network.requestWillBeSent".equals(e.get("method")) || !(e.get("params") instanceof Map<?, ?> p)) {
                continue;
            }
            String id = String.valueOf(p.get("requestId"));
            if (p.get("redirectResponse") instanceof Map<?, ?> r && r.get("status") instanceof Number status) {
                String method = methodById.getOrDefault(id, "?");
                hops.add(new Hop(method, withoutQuery(String.valueOf(r.get("url"))), status.intValue()));
            }
            if (p.get("request") instanceof Map<?, ?> req && req.get("method") instanceof String m) {
                methodById.put(id, m);
            }
        }
        return hops;
    }

    /**
     * A request the page submitted (POST, PUT or PATCH: a form, or a script's XHR or fetch, as a single-page login sends its
     * credentials) and the status of the answer it finally got, which is not a redirect (the browser followed those).
     */
    record Submission(String method, String url, int status, String type) {

        @Override
        public String toString() {
            return method + " " + url + " → " + status + (type.isEmpty() ? "" : " (" + type + ")");
        }
    }

    /** Every submission in {@code events} that got a final answer, in the order of the answers. */
    static List<Submission> submissions(List<Map<String, Object>> events) {
        Map<String, String[]> sentById = new HashMap<>();
        List<Submission> out = new ArrayList<>();
        for (Map<String, Object> e : events) {
            if (!(e.get("params") instanceof Map<?, ?> p)) {
                continue;
            }
            String id = String.valueOf(p.get("requestId"));
            if ("Network.requestWillBeSent".equals(e.get("method")) && p.get("request") instanceof Map<?, ?> req
                    && req.get("method") instanceof String m) {
                sentById.put(id, new String[] {m, withoutQuery(String.valueOf(req.get("url")))});
            } else if ("Network.responseReceived".equals(e.get("method")) && p.get("response") instanceof Map<?, ?> r
                    && r.get("status") instanceof Number status && sentById.containsKey(id)
                    && List.of("POST", "PUT", "PATCH").contains(sentById.get(id)[0])) {
                out.add(new Submission(sentById.get(id)[0], sentById.get(id)[1], status.intValue(),
                        p.get("type") instanceof String t ? t : ""));
            }
        }
        return out;
    }

    /** The redirects that answered a POST (a submitted form). */
    static List<Hop> afterPost(List<Hop> hops) {
        return hops.stream().filter(h -> h.method().equals("POST")).toList();
    }

    private static String withoutQuery(String url) {
        try {
            URI u = new URI(url);
            return new URI(u.getScheme(), u.getAuthority(), u.getPath(), null, null).toString();
        } catch (Exception e) {
            int cut = url.indexOf('?');
            return cut < 0 ? url : url.substring(0, cut);
        }
    }
}
