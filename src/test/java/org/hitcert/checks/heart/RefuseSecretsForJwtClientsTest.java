package org.hitcert.checks.heart;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Location;
import org.hitcert.model.SecretRef;
import org.junit.jupiter.api.Test;

class RefuseSecretsForJwtClientsTest {

    @Test
    void whenSecretAuthenticationGetsATokenThenFailure() {
        assertThat(RefuseSecretsForJwtClients.failure("app", "client_secret_basic", "client_credentials",
                new TokenAnswer(200, true, Optional.empty(), true))).get().asString().contains("private_key_jwt only");
    }

    @Test
    void whenRefusedWithAnyErrorThenNoFailure() {
        assertThat(RefuseSecretsForJwtClients.failure("app", "client_secret_basic", "client_credentials",
                new TokenAnswer(401, false, Optional.of("invalid_client"), true))).isEmpty();
        assertThat(RefuseSecretsForJwtClients.failure("app", "client_secret_post", "client_credentials",
                new TokenAnswer(400, false, Optional.of("unauthorized_client"), true))).isEmpty();
    }

    @Test
    void whenMadeUpSecretAddedThenKeyDroppedAndMethodChanged() {
        ClientSpec jwt = new ClientSpec("backend", "app", "private_key_jwt", Optional.empty(),
                Optional.of(SecretRef.inMemory("key", "{}")), List.of(URI.create("http://127.0.0.1:1/cb")), "system/*.rs",
                Location.builtIn("test"));
        ClientSpec probe = RefuseSecretsForJwtClients.withMadeUpSecret(jwt, "client_secret_post", "s3cr3t");
        assertThat(probe.authMethod()).isEqualTo("client_secret_post");
        assertThat(probe.privateKey()).isEmpty();
        assertThat(probe.secret()).isPresent();
        assertThat(probe.clientId()).isEqualTo("app");
    }
}
