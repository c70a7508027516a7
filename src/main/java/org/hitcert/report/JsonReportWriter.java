package org.hitcert.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code report.json}: the report, pretty-printed, fields in a stable order. */
final class JsonReportWriter {

    private final Scrubber scrubber;

    JsonReportWriter(Scrubber scrubber) {
        this.scrubber = scrubber;
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    void write(Report report, Path file) throws IOException {
        String text = mapper().writeValueAsString(report) + "\n";
        // the model is scrubbed already; this catches whatever slipped into it anyway
        Files.writeString(file, scrubber.apply(text), StandardCharsets.UTF_8);
    }
}
