package org.hitcert.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.FhirSamples;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.model.Candidate.UserSpec;

/**
 * The candidate as the run sees it: the candidate file's statements completed by what the candidate's
 * discovery document says (or by the reference candidate the run started).
 *
 * @param endpoints  endpoint URLs by role ({@code Candidate.ENDPOINT_ROLES}): the candidate file's
 *                   overrides, else discovery's
 * @param discovery  the OpenID Connect (or RFC 8414) metadata fetched at start, empty when none was found
 * @param fhirSamples the sample FHIR resources the candidate file names
 */
public record Target(String name, URI issuer, Optional<URI> fhirBase, Map<String, URI> endpoints,
                     Optional<JsonNode> discovery, List<ClientSpec> clients, List<UserSpec> users,
                     List<LoginStep> login, URI callback, Map<String, Long> claims, FhirSamples fhirSamples) {

    /** A target whose candidate file names no sample resources. */
    public Target(String name, URI issuer, Optional<URI> fhirBase, Map<String, URI> endpoints,
                  Optional<JsonNode> discovery, List<ClientSpec> clients, List<UserSpec> users,
                  List<LoginStep> login, URI callback, Map<String, Long> claims) {
        this(name, issuer, fhirBase, endpoints, discovery, clients, users, login, callback, claims, FhirSamples.NONE);
    }

    public Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(issuer, "issuer");
        endpoints = Map.copyOf(endpoints);
        clients = List.copyOf(clients);
        users = List.copyOf(users);
        login = List.copyOf(login);
        claims = Map.copyOf(claims);
        Objects.requireNonNull(fhirSamples, "fhirSamples");
    }

    public Optional<URI> endpoint(String role) {
        return Optional.ofNullable(endpoints.get(role));
    }

    public Optional<ClientSpec> client(String role) {
        return clients.stream().filter(c -> c.role().equals(role)).findFirst();
    }

    public Optional<UserSpec> user(String role) {
        return users.stream().filter(u -> u.role().equals(role)).findFirst();
    }
}
