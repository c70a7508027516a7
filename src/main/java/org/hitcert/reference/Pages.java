package org.hitcert.reference;

import java.util.List;

/** The server's HTML pages. Every value placed in a page goes through {@link Http#esc}. */
final class Pages {

    private Pages() {
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Http.esc(title)
                + "</title></head>\n<body>\n<h1>" + Http.esc(title) + "</h1>\n" + body + "\n</body></html>\n";
    }

    /** The login page; {@code inputSubmit}: its submit button is an {@code <input type=submit>} (flaw login-submit-renamed). */
    static String login(String tx, String csrf, boolean failed, boolean inputSubmit) {
        return login(tx, csrf, failed ? "Invalid username or password." : null, inputSubmit);
    }

    /** The login page, with {@code error} shown above the form when not null. */
    static String login(String tx, String csrf, String error, boolean inputSubmit) {
        return page("hitcert reference: sign in",
                (error != null ? "<p id=\"error\" role=\"alert\">" + Http.esc(error) + "</p>\n" : "")
                + "<form method=\"post\" action=\"/login\" id=\"login-form\">\n"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + Http.esc(csrf) + "\">\n"
                + "<input type=\"hidden\" name=\"tx\" value=\"" + Http.esc(tx) + "\">\n"
                + "<label for=\"username\">Username</label> <input id=\"username\" name=\"username\" autocomplete=\"username\" required>\n"
                + "<label for=\"password\">Password</label> <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\n"
                + (inputSubmit ? "<input type=\"submit\" id=\"login\" value=\"Sign in\">\n</form>"
                        : "<button type=\"submit\" id=\"login\">Sign in</button>\n</form>"));
    }

    static String consent(String tx, String csrf, String clientId, List<String> scope) {
        return consent(tx, csrf, clientId, scope, false);
    }

    /** The consent page; with {@code boxes}, each scope is a checkbox of the form, left unchecked. */
    static String consent(String tx, String csrf, String clientId, List<String> scope, boolean boxes) {
        StringBuilder items = new StringBuilder();
        for (String s : scope) {
            items.append("<li class=\"scope\">").append(boxes ? "<label><input type=\"checkbox\" form=\"consent-form\" "
                    + "name=\"scope\" value=\"" + Http.esc(s) + "\"> " + Http.esc(s) + "</label>" : Http.esc(s)).append("</li>\n");
        }
        return page("hitcert reference: authorize access",
                "<p>The application <strong id=\"client\">" + Http.esc(clientId) + "</strong> asks for:</p>\n"
                + "<ul id=\"scopes\">\n" + items + "</ul>\n"
                + "<form method=\"post\" action=\"/consent\" id=\"consent-form\">\n"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + Http.esc(csrf) + "\">\n"
                + "<input type=\"hidden\" name=\"tx\" value=\"" + Http.esc(tx) + "\">\n"
                + "<button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Allow</button>\n"
                + "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button>\n</form>");
    }

    static String signedIn() {
        return page("hitcert reference: signed in", "<p id=\"signed-in\">You are signed in.</p>");
    }

    static String error(String message) {
        return page("hitcert reference: error", "<p id=\"error\" role=\"alert\">" + Http.esc(message) + "</p>");
    }
}
