package org.hitcert.checks.vuln;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an answer to hostile input must not show (RFC 6819 §4, RFC 9700 §4; OWASP error handling): a 5xx, a
 * stack trace or database error, a server or framework version, or the payload reflected unescaped in HTML.
 */
final class ResponseHygiene {

    private static final Pattern STACK_TRACE = Pattern.compile(
            "(?m)(^\\s*at [\\w$.<>]+\\([\\w$.]*(?:\\.java|\\.kt|\\.scala)?:?\\d*\\)"
            + "|\\b(?:java|javax|jakarta|org\\.springframework)\\.[\\w.]+(?:Exception|Error)\\b"
            + "|Traceback \\(most recent call last\\)|Exception in thread "
            + "|^\\s+at .+ \\(.+:\\d+:\\d+\\)$|System\\.[\\w.]+Exception|SQLSTATE\\[|ORA-\\d{5}"
            + "|You have an error in your SQL syntax|PG::\\w+Error|Microsoft OLE DB)");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");
    private static final List<String> VERSION_HEADERS = List.of("Server", "X-Powered-By", "X-AspNet-Version",
            "X-AspNetMvc-Version", "X-Runtime-Version");

    private ResponseHygiene() {
    }

    /**
     * The problems of one answer.
     *
     * @param headers  response headers (name → values)
     * @param payload  the hostile value sent, or null for structural cases
     */
    static List<String> problems(int status, Map<String, List<String>> headers, String body, String payload) {
        List<String> problems = new ArrayList<>();
        if (status >= 500) {
            problems.add("answered " + status);
        }
        String text = body == null ? "" : body;
        var m = STACK_TRACE.matcher(text);
        if (m.find()) {
            problems.add("the body shows a stack trace or internal error ('" + abbreviate(m.group().trim()) + "')");
        }
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            for (String name : VERSION_HEADERS) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    for (String v : h.getValue()) {
                        if (VERSION.matcher(v).find() || !name.equals("Server") && !name.equals("X-Powered-By")) {
                            problems.add("header " + name + ": " + abbreviate(v) + " discloses a software version");
                        }
                    }
                }
            }
        }
        boolean html = headers.entrySet().stream().anyMatch(e -> e.getKey().equalsIgnoreCase("Content-Type")
                && e.getValue().stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("html")));
        if (html && payload != null && payload.contains("<") && payload.length() >= 8 && text.contains(payload)) {
            problems.add("the payload came back unescaped in an HTML page");
        }
        return problems;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
