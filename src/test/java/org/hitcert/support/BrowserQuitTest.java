package org.hitcert.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * No browser outlives the JVM: what the JVM runs as it exits (after a run, or on Ctrl-C or a CI time-out's SIGTERM)
 * quits every browser started, not only the pooled ones. Before, a run stopped by a signal left chromedriver and
 * Chromium running for each browser outside the pool.
 */
@org.junit.jupiter.api.parallel.Isolated("it quits every browser of the JVM, as the shutdown hook does: any run beside it would lose its browsers")
class BrowserQuitTest {

    @Test
    void whenTheJvmExitsThenEveryBrowserStartedIsQuitPooledOrNot() throws Exception {
        Assumptions.assumeTrue(Browser.localChromiumInstalled("chromium"), "Chromium is not installed");
        SSLContext tls = SSLContext.getDefault();
        Browser pooled = Browser.acquire("chromium", List.of(), tls, List.of("127.0.0.1"));
        Browser own = Browser.start("chromium", List.of(), tls, List.of("127.0.0.1"));
        assertThat(own.driver().getWindowHandle()).isNotBlank();
        assertThat(pooled.driver().getWindowHandle()).isNotBlank();

        Browser.quitAll(); // the shutdown hook's work

        for (Browser b : List.of(pooled, own)) {
            assertThatThrownBy(() -> b.driver().getWindowHandle()).as("the browser was quit").isInstanceOf(RuntimeException.class);
        }
    }
}
