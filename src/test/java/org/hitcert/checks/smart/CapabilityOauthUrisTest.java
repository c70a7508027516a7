package org.hitcert.checks.smart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapabilityOauthUrisTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static final String CAPABILITY = "{'resourceType':'CapabilityStatement','rest':[{'mode':'server','security':{"
            + "'extension':[{'url':'" + CapabilityOauthUris.OAUTH_URIS + "','extension':["
            + "{'url':'authorize','valueUri':'https://as/authorize'},{'url':'token','valueUri':'TOKEN'}]}]}}]}";

    @Test
    void whenEndpointsAgreeThenNoDisagreement() throws Exception {
        Map<String, String> uris = CapabilityOauthUris.read(json(CAPABILITY.replace("TOKEN", "https://as/token"))).orElseThrow();
        assertThat(uris).containsEntry("authorize", "https://as/authorize").containsEntry("token", "https://as/token");
        assertThat(CapabilityOauthUris.disagreements(uris, json("{'authorization_endpoint':'https://as/authorize',"
                + "'token_endpoint':'https://as/token','revocation_endpoint':'https://as/revoke'}"))).isEmpty();
    }

    @Test
    void whenTokenEndpointDiffersThenBothUrlsAreNamed() throws Exception {
        Map<String, String> uris = CapabilityOauthUris.read(json(CAPABILITY.replace("TOKEN", "https://as/oauth/token"))).orElseThrow();
        assertThat(CapabilityOauthUris.disagreements(uris, json("{'authorization_endpoint':'https://as/authorize',"
                + "'token_endpoint':'https://as/token'}"))).singleElement().asString()
                .contains("https://as/oauth/token").contains("https://as/token");
    }

    @Test
    void whenSmartConfigurationLacksTheTokenEndpointThenDisagreement() throws Exception {
        Map<String, String> uris = CapabilityOauthUris.read(json(CAPABILITY.replace("TOKEN", "https://as/token"))).orElseThrow();
        assertThat(CapabilityOauthUris.disagreements(uris, json("{'authorization_endpoint':'https://as/authorize'}")))
                .singleElement().asString().contains("no token_endpoint");
    }

    @Test
    void whenNoOauthUrisThenEmpty() throws Exception {
        assertThat(CapabilityOauthUris.read(json("{'rest':[{'security':{'service':[]}}]}"))).isEmpty();
    }
}
