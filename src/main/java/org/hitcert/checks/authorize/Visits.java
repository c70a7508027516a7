package org.hitcert.checks.authorize;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.hitcert.support.BrowserSession;
import org.openqa.selenium.chromium.HasCdp;

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
        if (browser.driver() instanceof HasCdp cdp) {
            try {
                Map<String, Object> history = cdp.executeCdpCommand("Page.getNavigationHistory", Map.of());
                if (history.get("entries") instanceof List<?> entries) {
                    for (Object e : entries) {
                        if (e instanceof Map<?, ?> m && m.get("url") instanceof String u) {
                            urls.add(u);
                        }
                        if (e instanceof Map<?, ?> m && m.get("userTypedURL") instanceof String u && !u.isEmpty()) {
                            urls.add(u);
                        }
                    }
                }
            } catch (RuntimeException e) {
                // no history over CDP (e.g. a grid without CDP): the trail stands alone
            }
        }
        return new ArrayList<>(urls);
    }
}
