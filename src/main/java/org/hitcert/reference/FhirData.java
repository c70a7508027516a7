package org.hitcert.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sample FHIR resources: two patients (A, B) with two vital-signs Observations each, and a laboratory Observation
 * of A; plus Observations created at run time (in memory, at most {@link #MAX_CREATED}). Read from the classpath copy in
 * {@code org/hitcert/reference/fhir/}, else from {@code fixtures/fhir/} under the working directory.
 */
final class FhirData {

    static final List<String> FILES = List.of("Patient-A.json", "Patient-B.json", "Observation-a1.json",
            "Observation-a2.json", "Observation-b1.json", "Observation-b2.json", "Observation-a3.json");
    static final int MAX_CREATED = 100;

    private final List<ObjectNode> resources;
    private final java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();

    private FhirData(List<ObjectNode> resources) {
        this.resources = new java.util.concurrent.CopyOnWriteArrayList<>(resources);
    }

    /** Keeps a copy of {@code resource} under a new id; empty once {@link #MAX_CREATED} were created. */
    Optional<ObjectNode> create(ObjectNode resource) {
        int n = created.incrementAndGet();
        if (n > MAX_CREATED) {
            return Optional.empty();
        }
        ObjectNode copy = resource.deepCopy();
        copy.put("id", "created-" + n);
        resources.add(copy);
        return Optional.of(copy);
    }

    static FhirData load() {
        List<ObjectNode> list = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = FhirData.class.getResourceAsStream("fhir/" + file)) {
                InputStream src = in != null ? in : Files.newInputStream(Path.of("fixtures", "fhir", file));
                try (src) {
                    list.add((ObjectNode) Http.JSON.readTree(src));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read FHIR sample " + file, e);
            }
        }
        return new FhirData(list);
    }

    Optional<ObjectNode> read(String type, String id) {
        return resources.stream().filter(r -> type.equals(r.path("resourceType").asText()) && id.equals(r.path("id").asText()))
                .findFirst();
    }

    List<ObjectNode> all(String type) {
        return resources.stream().filter(r -> type.equals(r.path("resourceType").asText())).toList();
    }

    /** The patient a resource belongs to (its compartment): its own id for a Patient, subject for an Observation. */
    static String patientOf(JsonNode resource) {
        if ("Patient".equals(resource.path("resourceType").asText())) {
            return resource.path("id").asText();
        }
        String ref = resource.path("subject").path("reference").asText("");
        return ref.startsWith("Patient/") ? ref.substring("Patient/".length()) : "";
    }
}
