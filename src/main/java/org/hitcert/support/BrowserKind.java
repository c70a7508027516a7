package org.hitcert.support;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a browser comes from, as the command line names it ({@code --browser}, repeatable, and {@code --grid URL}):
 *
 * <ul>
 *   <li>{@code chromium}: the local Chromium with {@value Browser#CHROMEDRIVER}: its headless shell
 *       ({@value Browser#CHROMIUM_SHELL}) when installed, else the full browser ({@value Browser#CHROMIUM}), else
 *       HtmlUnit;</li>
 *   <li>{@code chromium-full}: the full local Chromium in its new headless mode, HtmlUnit when it is not installed;</li>
 *   <li>{@code htmlunit}: HtmlUnit (no browser engine: browser-engine checks say INCONCLUSIVE);</li>
 *   <li>{@code grid:URL} or {@code grid:URL#NAME}: a session of browser NAME ({@code chrome}, the default, or
 *       {@code MicrosoftEdge}) from the Selenium Grid at URL;</li>
 *   <li>{@code grid} or {@code grid#NAME}: the same on the grid given by {@code --grid URL}.</li>
 * </ul>
 *
 * Only Chromium-family browsers are offered: the suite confines the browser to the candidate's hosts with Chromium's
 * {@code --host-resolver-rules} and trusts the candidate's keys with its SPKI allow-list, and has no equivalent for
 * other engines yet. The grid URL is the tester's infrastructure, not a candidate host: the suite talks to it only
 * because the command line names it, and reports it without any user:password it may carry.
 *
 * @param spec        the normalised spec: {@code chromium}, {@code chromium-full}, {@code htmlunit} or {@code grid:URL#NAME}
 * @param grid        the grid's URL, for grid browsers
 * @param browserName the W3C browserName asked of the grid ({@code chrome} locally)
 */
public record BrowserKind(String spec, Optional<URI> grid, String browserName) {

    public BrowserKind {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(browserName, "browserName");
    }

    /**
     * Reads one {@code --browser} value; {@code gridUrl} is the {@code --grid} option, if given. Throws
     * {@link IllegalArgumentException} with what is wrong and what would be right.
     */
    public static BrowserKind parse(String value, Optional<String> gridUrl) {
        String v = Objects.requireNonNull(value, "value").trim();
        if (v.equals("chromium") || v.equals("chromium-full") || v.equals("htmlunit")) {
            return new BrowserKind(v, Optional.empty(), "chrome");
        }
        String rest;
        if (v.equals("grid") || v.startsWith("grid#")) {
            String url = gridUrl.filter(g -> !g.isBlank()).orElseThrow(() -> new IllegalArgumentException("browser '" + v
                    + "' names the grid, but no --grid URL is given; add --grid http://HOST:PORT or write grid:URL"));
            rest = url + v.substring(4);
        } else if (v.startsWith("grid:")) {
            rest = v.substring(5);
        } else {
            throw new IllegalArgumentException("browser '" + v + "' is unknown; expected chromium, chromium-full, htmlunit, grid[#NAME] "
                    + "(with --grid URL) or grid:URL[#NAME]");
        }
        int hash = rest.indexOf('#');
        String url = hash < 0 ? rest : rest.substring(0, hash);
        String name = hash < 0 ? "chrome" : browserName(rest.substring(hash + 1));
        URI grid = gridUri(url);
        return new BrowserKind("grid:" + grid + "#" + name, Optional.of(grid), name);
    }

    /** Checks a {@code --grid} URL: absolute http(s) with a host. */
    public static URI gridUri(String url) {
        URI u;
        try {
            u = new URI(url.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("grid URL '" + url + "' is not a URL: " + e.getReason()
                    + "; expected http://HOST:PORT (the grid's address, e.g. http://127.0.0.1:4444)");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw new IllegalArgumentException("grid URL '" + redacted(u) + "' is not an absolute http(s) URL with a host; "
                    + "expected http://HOST:PORT (e.g. http://127.0.0.1:4444)");
        }
        return u;
    }

    private static String browserName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "chrome", "chromium", "" -> "chrome";
            case "microsoftedge", "edge", "msedge" -> "MicrosoftEdge";
            default -> throw new IllegalArgumentException("grid browser '" + name + "' cannot be confined to the "
                    + "candidate's hosts by hitcert (it does so with Chromium's --host-resolver-rules); expected chrome or "
                    + "MicrosoftEdge");
        };
    }

    public boolean isGrid() {
        return grid.isPresent();
    }

    /** The spec as reports show it: the grid URL without user:password. */
    public String display() {
        return grid.map(g -> "grid:" + redacted(g) + "#" + browserName).orElse(spec);
    }

    /** {@code url} without its user-info (a grid may take credentials in the URL; they never reach a report). */
    static String redacted(URI url) {
        if (url.getRawUserInfo() == null) {
            return url.toString();
        }
        return url.toString().replace(url.getRawUserInfo() + "@", "***@");
    }
}
