package org.hitcert.report;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.hitcert.model.Verdict;

/**
 * {@code junit.xml} in the Ant/Surefire shape CI servers read: one testsuite per consideration, one testcase per
 * TEST node ({@code classname="TSS-06.REQ"}, {@code name="check.id"}). FAIL is a failure, ERROR an error, every
 * other non-PASS outcome (and planned) is skipped with {@code "VERDICT: reason"}.
 */
final class JunitXmlWriter {

    private final Scrubber scrubber;

    JunitXmlWriter(Scrubber scrubber) {
        this.scrubber = scrubber;
    }

    void write(Report report, Path file) throws IOException {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            List<Report.CheckResult> all = report.testNodes();
            xml.writeStartElement("testsuites");
            attr(xml, "name", report.run().planId());
            counts(xml, all);
            attr(xml, "time", seconds(report.run().durationMs()));
            xml.writeCharacters("\n");
            for (Report.ConsiderationResult c : report.considerations()) {
                List<Report.CheckResult> cases = c.requirements().stream()
                        .flatMap(r -> r.test() != null ? java.util.stream.Stream.of(r.test()) : r.checks().stream())
                        .toList();
                xml.writeStartElement("testsuite");
                attr(xml, "name", c.id() + (c.title() == null ? "" : " " + c.title()));
                counts(xml, cases);
                attr(xml, "time", seconds(cases.stream().mapToLong(Report.CheckResult::durationMs).sum()));
                attr(xml, "timestamp", report.run().started());
                xml.writeCharacters("\n  ");
                properties(xml, report);
                for (Report.CheckResult t : cases) {
                    testcase(xml, t);
                }
                xml.writeCharacters("\n");
                xml.writeEndElement();
                xml.writeCharacters("\n");
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write junit.xml: " + e.getMessage(), e);
        }
        Files.writeString(file, scrubber.apply(text.toString()), StandardCharsets.UTF_8);
    }

    private void properties(XMLStreamWriter xml, Report report) throws XMLStreamException {
        Report.Run run = report.run();
        xml.writeStartElement("properties");
        property(xml, "hitcert.suiteVersion", run.suiteVersion());
        property(xml, "hitcert.plan", run.planId());
        property(xml, "hitcert.planFile", run.planFile());
        property(xml, "hitcert.candidate", run.candidateName());
        property(xml, "hitcert.candidateFile", run.candidateFile());
        property(xml, "hitcert.flaws", String.join(",", run.flaws()));
        property(xml, "hitcert.started", run.started());
        property(xml, "hitcert.certified", String.valueOf(report.overall().certified()));
        property(xml, "hitcert.scope", report.overall().scope());
        for (Map.Entry<String, String> e : run.environment().entrySet()) {
            property(xml, "hitcert.environment." + e.getKey(), e.getValue());
        }
        xml.writeEndElement();
    }

    private void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("property");
        attr(xml, "name", name);
        attr(xml, "value", value);
    }

    private void testcase(XMLStreamWriter xml, Report.CheckResult t) throws XMLStreamException {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testcase");
        attr(xml, "classname", t.considerationId() + "." + t.requirementId());
        attr(xml, "name", t.name());
        attr(xml, "time", seconds(t.durationMs()));
        String reason = t.reason() == null ? "" : t.reason();
        Verdict v = t.verdict();
        if (v == Verdict.FAIL || v == Verdict.ERROR) {
            xml.writeStartElement(v == Verdict.FAIL ? "failure" : "error");
            attr(xml, "message", reason);
            attr(xml, "type", v.name());
            xml.writeCharacters(clean(details(t)));
            xml.writeEndElement();
        } else if (v != Verdict.PASS) {
            xml.writeEmptyElement("skipped");
            attr(xml, "message", (v == null ? "PLANNED" : v.name()) + ": " + reason);
        }
        if (!t.evidence().isEmpty() || !t.attachments().isEmpty() || v == Verdict.PASS) {
            xml.writeStartElement("system-out");
            xml.writeCharacters(clean(details(t)));
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static String details(Report.CheckResult t) {
        StringBuilder b = new StringBuilder();
        b.append(t.verdict() == null ? "PLANNED" : t.verdict().name()).append(": ").append(t.reason()).append('\n');
        t.evidence().forEach(e -> b.append("evidence [").append(e.kind()).append("] ").append(e.title()).append('\n'));
        t.attachments().forEach(a -> b.append("[[ATTACHMENT|").append(a).append("]]\n"));
        return b.toString();
    }

    private static void counts(XMLStreamWriter xml, List<Report.CheckResult> cases) throws XMLStreamException {
        attr(xml, "tests", String.valueOf(cases.size()));
        attr(xml, "failures", String.valueOf(cases.stream().filter(t -> t.verdict() == Verdict.FAIL).count()));
        attr(xml, "errors", String.valueOf(cases.stream().filter(t -> t.verdict() == Verdict.ERROR).count()));
        attr(xml, "skipped", String.valueOf(cases.stream()
                .filter(t -> t.verdict() != Verdict.PASS && t.verdict() != Verdict.FAIL && t.verdict() != Verdict.ERROR)
                .count()));
    }

    private static void attr(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeAttribute(name, clean(value == null ? "" : value));
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }

    /** XML 1.0 cannot carry most control characters, even escaped. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF
                    || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000 && cp <= 0x10FFFF;
            b.appendCodePoint(ok ? cp : 0xFFFD);
        });
        return b.toString();
    }
}
