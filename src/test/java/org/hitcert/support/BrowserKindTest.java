package org.hitcert.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrowserKindTest {

    @Test
    void whenGridIsNamedWithoutUrlThenTheGridOptionSuppliesIt() {
        BrowserKind k = BrowserKind.parse("grid", Optional.of("http://127.0.0.1:4444"));
        assertThat(k.spec()).isEqualTo("grid:http://127.0.0.1:4444#chrome");
        assertThat(k.isGrid()).isTrue();
        assertThat(BrowserKind.parse("grid#edge", Optional.of("http://127.0.0.1:4444")).browserName()).isEqualTo("MicrosoftEdge");
    }

    @Test
    void whenTheSpecIsNormalisedThenParsingItAgainGivesTheSameKind() {
        BrowserKind k = BrowserKind.parse("grid:http://10.0.0.5:4444/wd/hub", Optional.empty());
        assertThat(BrowserKind.parse(k.spec(), Optional.empty())).isEqualTo(k);
        assertThat(BrowserKind.parse("chromium", Optional.empty()).isGrid()).isFalse();
        assertThat(BrowserKind.parse("chromium-full", Optional.empty()).spec()).isEqualTo("chromium-full");
    }

    @Test
    void whenTheGridUrlCarriesCredentialsThenTheDisplayedSpecHidesThem() {
        BrowserKind k = BrowserKind.parse("grid:https://tester:s3cr3t-pass@grid.example:4444", Optional.empty());
        assertThat(k.display()).isEqualTo("grid:https://***@grid.example:4444#chrome").doesNotContain("s3cr3t");
    }

    @Test
    void whenTheSpecIsWrongThenTheMessageSaysWhatWouldBeRight() {
        assertThatThrownBy(() -> BrowserKind.parse("grid", Optional.empty())).hasMessageContaining("add --grid");
        assertThatThrownBy(() -> BrowserKind.parse("firefox", Optional.empty())).hasMessageContaining("expected chromium, chromium-full, htmlunit");
        assertThatThrownBy(() -> BrowserKind.parse("grid:ftp://x", Optional.empty())).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> BrowserKind.parse("grid:http://127.0.0.1:4444#firefox", Optional.empty()))
                .hasMessageContaining("cannot be confined").hasMessageContaining("expected chrome or MicrosoftEdge");
    }

    @Test
    void whenChromeRunsHeadlessThenItsPhoneProfileNamesTheSameMajorVersionWithoutHeadless() {
        assertThat(BrowserEmulation.androidUserAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "HeadlessChrome/156.0.0.0 Safari/537.36"))
                .isEqualTo("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 "
                        + "Mobile Safari/537.36");
    }
}
