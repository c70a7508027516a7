package org.hitcert.checks.crosssite;

import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hitcert.model.Candidate.LoginStep;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Cross-site request forgery against the candidate's own HTML forms (login, consent): reads a form as the
 * browser would submit it (action, method, enctype, every successful control, read from the DOM, no field
 * names assumed), replaces the values an attacker could not know (server-issued, unguessable values such as
 * anti-CSRF tokens and transaction handles), and builds an attacker page that auto-submits the result.
 */
final class ForgedForms {

    /** The browser, when it is a real one: only a real engine decides whether a cross-site form carries cookies. */
    static org.hitcert.support.BrowserSession realBrowser(org.hitcert.support.BrowserSession browser) {
        if (!browser.isRealBrowser()) {
            throw new org.hitcert.checks.Inconclusive("whether a cross-site form carries the session cookie is decided by "
                    + "the browser engine (SameSite), and " + browser.description() + " is not a real browser: run with Chromium");
        }
        return browser;
    }


    private static final int MAX_FIELDS = 64;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private ForgedForms() {
    }

    /** One successful control of a form: name, value, and its type (input type, tag, or {@code submitter}). */
    record Field(String name, String value, String type) {
    }

    /** A form as the browser would submit it. */
    record Form(URI action, String method, String enctype, List<Field> fields) {

        List<String> names() {
            return fields.stream().map(Field::name).toList();
        }

        boolean hasPassword() {
            return fields.stream().anyMatch(f -> f.type().equals("password"));
        }
    }

    /** A forged copy of a form: which fields got a value the attacker chose instead of the page's. */
    record Forged(Form form, List<String> forgedNames, List<String> keptNames) {
    }

    private static final String READ_FORM = """
            var el = arguments[0], sub = arguments[1];
            var f = el.form || (el.closest ? el.closest('form') : null);
            if (!f) return null;
            var fields = [];
            for (var i = 0; i < f.elements.length && fields.length < %d; i++) {
              var e = f.elements[i];
              if (!e.name || e.disabled) continue;
              var t = String(e.type || e.tagName).toLowerCase();
              if (['submit','button','image','reset','file','fieldset','output','object'].indexOf(t) >= 0) continue;
              if ((t === 'checkbox' || t === 'radio') && !e.checked) continue;
              if (t === 'select-multiple') {
                for (var j = 0; j < e.options.length; j++) if (e.options[j].selected) fields.push([e.name, String(e.options[j].value), t]);
                continue;
              }
              fields.push([e.name, String(e.value), t]);
            }
            var s = (sub && sub.form === f) ? sub : null;
            if (s && s.name && (s.type === 'submit' || s.type === 'image')) fields.push([s.name, String(s.value), 'submitter']);
            var has = function (a) { return s && s.hasAttribute && s.hasAttribute(a); };
            return [String(has('formaction') ? s.formAction : f.action), String(has('formmethod') ? s.formMethod : f.method),
                    String(has('formenctype') ? s.formEnctype : f.enctype), fields];
            """.formatted(MAX_FIELDS);

    /**
     * The form that {@code member} belongs to, as a click on {@code submitter} (may be null) would submit it; empty
     * when {@code member} is in no form (a script-driven page).
     */
    static Optional<Form> read(WebDriver driver, WebElement member, WebElement submitter) {
        Object r = ((JavascriptExecutor) driver).executeScript(READ_FORM, member, submitter);
        if (!(r instanceof List<?> v) || v.size() < 4) {
            return Optional.empty();
        }
        List<Field> fields = new ArrayList<>();
        for (Object o : (List<?>) v.get(3)) {
            List<?> f = (List<?>) o;
            fields.add(new Field(String.valueOf(f.get(0)), String.valueOf(f.get(1)), String.valueOf(f.get(2))));
        }
        return Optional.of(new Form(URI.create(String.valueOf(v.get(0))), String.valueOf(v.get(1)).toLowerCase(Locale.ROOT),
                String.valueOf(v.get(2)), List.copyOf(fields)));
    }

    /** The {@code name} attribute of {@code element} (empty when it has none). */
    static String name(WebDriver driver, WebElement element) {
        Object n = ((JavascriptExecutor) driver).executeScript("return arguments[0].name || '';", element);
        return n == null ? "" : String.valueOf(n);
    }

    /** The first displayed element matching {@code selector}, if any. */
    static Optional<WebElement> displayed(WebDriver driver, String selector) {
        try {
            for (WebElement e : driver.findElements(By.cssSelector(selector))) {
                if (e.isDisplayed()) {
                    return Optional.of(e);
                }
            }
        } catch (org.openqa.selenium.WebDriverException e) {
            // the page changed under us, or the selector is not valid CSS here: nothing displayed
        }
        return Optional.empty();
    }

    /**
     * The element of the last click step of the candidate's login automation that is displayed on the current page:
     * on a consent page that is the approve control, since the automation clicks it after signing in.
     */
    static Optional<WebElement> lastClickable(WebDriver driver, List<LoginStep> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            LoginStep s = steps.get(i);
            if (s.action() == LoginStep.Action.CLICK) {
                Optional<WebElement> e = displayed(driver, s.selector());
                if (e.isPresent()) {
                    return e;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code value} looks issued by the server and unguessable (an anti-CSRF token, a transaction or
     * session handle), so that an attacker building the form elsewhere could not know it: not one of the
     * {@code attackerKnown} values (what the attacker put into the request, or the attacker's own credentials),
     * at least 16 characters of a token alphabet, with letters and digits. Words, scopes, URLs and short values
     * are kept as the attacker could copy them from any session of their own.
     */
    static boolean serverSecret(String value, Set<String> attackerKnown) {
        if (value == null || attackerKnown.contains(value) || value.length() < 16) {
            return false;
        }
        if (!value.matches("[A-Za-z0-9+/=_.~-]+")) {
            return false;
        }
        return value.chars().anyMatch(Character::isDigit) && value.chars().anyMatch(Character::isLetter);
    }

    /**
     * A forged copy of {@code form}: each value that {@link #serverSecret} flags is replaced by a random value of the
     * same length, and fields named in {@code set} get the given value (e.g. the attacker's credentials).
     */
    static Forged forge(Form form, Set<String> attackerKnown, Map<String, String> set) {
        List<Field> out = new ArrayList<>();
        List<String> forged = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Field f : form.fields()) {
            if (set.containsKey(f.name())) {
                out.add(new Field(f.name(), set.get(f.name()), f.type()));
                kept.add(f.name());
            } else if (serverSecret(f.value(), attackerKnown)) {
                out.add(new Field(f.name(), wrongValue(f.value()), f.type()));
                forged.add(f.name());
            } else {
                out.add(f);
                kept.add(f.name());
            }
        }
        return new Forged(new Form(form.action(), form.method(), form.enctype(), List.copyOf(out)), List.copyOf(forged),
                List.copyOf(kept));
    }

    static String wrongValue(String original) {
        StringBuilder b = new StringBuilder(original.length());
        do {
            b.setLength(0);
            for (int i = 0; i < original.length(); i++) {
                b.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
            }
        } while (b.toString().equals(original));
        return b.toString();
    }

    /** An attacker page that submits {@code form} as soon as it loads (a top-level navigation, like a real CSRF page). */
    /** {@code form} with the fields named in {@code set} given those values, every other field as the page has it. */
    static Form withValues(Form form, Map<String, String> set) {
        List<Field> out = new ArrayList<>();
        for (Field f : form.fields()) {
            out.add(set.containsKey(f.name()) ? new Field(f.name(), set.get(f.name()), f.type()) : f);
        }
        return new Form(form.action(), form.method(), form.enctype(), List.copyOf(out));
    }

    private static final String SUBMIT_IN_PAGE = """
            var f = document.createElement('form');
            f.method = arguments[0]; f.action = arguments[1]; f.enctype = arguments[2];
            var fields = arguments[3];
            for (var i = 0; i < fields.length; i++) {
              var e = document.createElement('input');
              e.type = 'hidden'; e.name = fields[i][0]; e.value = fields[i][1];
              f.appendChild(e);
            }
            document.body.appendChild(f);
            window.__hitcertBefore = true;
            HTMLFormElement.prototype.submit.call(f);
            """;

    /** Submits {@code form} from the page the browser shows (a first-party submission, as the page's own button would). */
    static void submitInPage(WebDriver driver, Form form) {
        List<List<String>> fields = form.fields().stream().map(f -> List.of(f.name(), f.value())).toList();
        ((JavascriptExecutor) driver).executeScript(SUBMIT_IN_PAGE, form.method(), form.action().toString(), form.enctype(), fields);
    }

    /**
     * Waits (at most {@code timeoutMs}) until the page {@link #submitInPage} submitted from has been replaced by a loaded
     * new document; false when it was not.
     */
    static boolean awaitNewDocument(WebDriver driver, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            try {
                Object still = ((JavascriptExecutor) driver).executeScript(
                        "return window.__hitcertBefore === true ? 'old' : document.readyState");
                if ("complete".equals(still)) {
                    return true;
                }
            } catch (org.openqa.selenium.WebDriverException e) {
                // the page is being replaced
            }
            Thread.sleep(100);
        }
        return false;
    }

    static String autoSubmitPage(Form form) {
        StringBuilder inputs = new StringBuilder();
        for (Field f : form.fields()) {
            inputs.append("<input type=\"hidden\" name=\"").append(escape(f.name())).append("\" value=\"")
                    .append(escape(f.value())).append("\">\n");
        }
        return "<!doctype html><title>hitcert attacker: forged form</title><p>attacker page</p>\n"
                + "<form id=\"forged\" method=\"" + escape(form.method()) + "\" action=\"" + escape(form.action().toString())
                + "\" enctype=\"" + escape(form.enctype()) + "\">\n" + inputs + "</form>\n"
                + "<script>HTMLFormElement.prototype.submit.call(document.getElementById('forged'));</script>";
    }

    /** Names and types of a form's fields, never their values (which may be secrets). */
    static String describe(Form form) {
        return form.method().toUpperCase(Locale.ROOT) + " " + form.action().getScheme() + "://" + form.action().getAuthority()
                + form.action().getPath() + " with fields " + String.join(", ",
                        form.fields().stream().map(f -> f.name() + " (" + f.type() + ")").toList());
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Whether {@code url} is {@code redirect} (ignoring query and fragment). */
    static boolean atRedirect(String url, URI redirect) {
        if (url == null) {
            return false;
        }
        int cut = url.length();
        for (char c : new char[] {'?', '#'}) {
            int i = url.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return url.substring(0, cut).equals(redirect.toString());
    }

    /**
     * Waits (bounded) for the browser to leave the attacker's page and settle: at {@code redirect}, or on another
     * page that has loaded and kept its URL for {@code settleMs}. Returns the URL it settled on, or empty when the
     * browser never left the attacker's page (the forged form was not submitted).
     */
    static Optional<String> awaitSubmission(WebDriver driver, String attackerOrigin, URI redirect, long timeoutMs,
                                            long settleMs, Function<String, Boolean> extraStop) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        String last = null;
        long since = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            String url;
            try {
                url = driver.getCurrentUrl();
            } catch (org.openqa.selenium.WebDriverException e) {
                Thread.sleep(100);
                continue;
            }
            if (url != null && !url.startsWith(attackerOrigin) && !url.startsWith("about:")) {
                if (atRedirect(url, redirect) || extraStop.apply(url)) {
                    return Optional.of(url);
                }
                if (!url.equals(last)) {
                    last = url;
                    since = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - since >= settleMs && loaded(driver)) {
                    return Optional.of(url);
                }
            }
            Thread.sleep(100);
        }
        return Optional.ofNullable(last);
    }

    private static boolean loaded(WebDriver driver) {
        try {
            return "complete".equals(((JavascriptExecutor) driver).executeScript("return document.readyState"));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
