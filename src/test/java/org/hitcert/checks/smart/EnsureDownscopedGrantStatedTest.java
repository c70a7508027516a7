package org.hitcert.checks.smart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hitcert.checks.smart.EnsureDownscopedGrantStated.Write;
import org.junit.jupiter.api.Test;

class EnsureDownscopedGrantStatedTest {

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    @Test
    void whenResponseStatesReducedScopeThenNoProblem() throws Exception {
        assertThat(EnsureDownscopedGrantStated.grantProblem("patient/*.cruds",
                json("{\"access_token\":\"x\",\"scope\":\"openid launch/patient patient/*.rs\"}"))).isEmpty();
        assertThat(EnsureDownscopedGrantStated.grantProblem("patient/*.cruds",
                json("{\"access_token\":\"x\",\"scope\":\"openid launch/patient\"}"))).isEmpty();
    }

    @Test
    void whenResponseEchoesWildcardThenProblem() throws Exception {
        assertThat(EnsureDownscopedGrantStated.grantProblem("patient/*.cruds",
                json("{\"access_token\":\"x\",\"scope\":\"openid patient/*.cruds\"}"))).get().asString().contains("patient/*.cruds");
        assertThat(EnsureDownscopedGrantStated.grantProblem("patient/*.*",
                json("{\"access_token\":\"x\",\"scope\":\"patient/*.*\"}"))).isPresent();
    }

    @Test
    void whenResponseStatesNoScopeThenProblem() throws Exception {
        assertThat(EnsureDownscopedGrantStated.grantProblem("patient/*.cruds", json("{\"access_token\":\"x\"}")))
                .get().asString().contains("as requested");
    }

    @Test
    void whenWriteAnsweredThenJudged() {
        assertThat(EnsureDownscopedGrantStated.judgeWrite(200)).isEqualTo(Write.ACCEPTED);
        assertThat(EnsureDownscopedGrantStated.judgeWrite(204)).isEqualTo(Write.ACCEPTED);
        assertThat(EnsureDownscopedGrantStated.judgeWrite(403)).isEqualTo(Write.ENFORCED);
        assertThat(EnsureDownscopedGrantStated.judgeWrite(404)).isEqualTo(Write.ENFORCED);
        assertThat(EnsureDownscopedGrantStated.judgeWrite(405)).isEqualTo(Write.NO_WRITES);
        assertThat(EnsureDownscopedGrantStated.judgeWrite(422)).isEqualTo(Write.REFUSED);
        assertThat(EnsureDownscopedGrantStated.judgeWrite(302)).isEqualTo(Write.UNCLEAR);
        assertThat(EnsureDownscopedGrantStated.judgeWrite(500)).isEqualTo(Write.UNCLEAR);
    }
}
