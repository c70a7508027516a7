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

    /** The first client of {@code role} (one a candidate file lists under it, or among its {@code roles}). */
    public Optional<ClientSpec> client(String role) {
        return clients.stream().filter(c -> c.hasRole(role)).findFirst();
    }

    /** Every client of {@code role}, in the candidate file's order. */
    public List<ClientSpec> clients(String role) {
        return clients.stream().filter(c -> c.hasRole(role)).toList();
    }

    /**
     * The client that fits a check: the first of {@code role} for which {@code fits} holds (its auth method, its
     * scope), else, when {@code anyRole}, the first of any role that fits. A candidate may register several clients per
     * role (a client-secret and a private_key_jwt backend client) and one client in several roles; the check says which
     * it used ({@code org.hitcert.checks.Checks#clientFor} records it).
     */
    public Optional<ClientSpec> clientFor(String role, java.util.function.Predicate<ClientSpec> fits, boolean anyRole) {
        return clients(role).stream().filter(fits).findFirst()
                .or(() -> anyRole ? clients.stream().filter(fits).findFirst() : Optional.empty());
    }

    public Optional<UserSpec> user(String role) {
        return users.stream().filter(u -> u.role().equals(role)).findFirst();
    }
}
