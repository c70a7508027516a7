package org.hitcert.checks.authorize;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.hitcert.support.BrowserSession;

/**
 * Every URL the browser went to in this check: its URL trail, the current URL, and Chromium's navigation history
 * (which keeps the URL of a navigation that failed, e.g. to a host that does not resolve).
 */
final class Visits {

    private Visits() {
    }

    static List<String> of(BrowserSession browser) {
        LinkedHashSet<String> urls = new LinkedHashSet<>(browser.trail());
        try {
            urls.add(browser.currentUrl());
        } catch (RuntimeException e) {
            // a browser that cannot say where it is adds nothing
        }
        // the check's own history entries only (an earlier check's hops in the same pooled browser are not this one's);
        // empty without DevTools (a grid that withholds them): the trail stands alone
        browser.navigationHistory().ifPresent(entries -> entries.forEach(e -> {
            urls.add(e.url());
            if (!e.typedUrl().isEmpty()) {
                urls.add(e.typedUrl());
            }
        }));
        return new ArrayList<>(urls);
    }
}
