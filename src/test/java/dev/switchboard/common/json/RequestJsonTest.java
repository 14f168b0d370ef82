package dev.switchboard.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.switchboard.common.problem.FieldError;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.toolkit.rest.ToolkitRequests;
import jakarta.validation.Validation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestJsonTest {

    private static jakarta.validation.ValidatorFactory validation;
    private static ObjectMapper strict;

    @BeforeAll
    static void mapper() {
        validation = Validation.buildDefaultValidatorFactory();
        ObjectMapper application = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .registerModule(new Jdk8Module());
        strict = new RequestJson(application, validation.getValidator()).mapper();
    }

    @AfterAll
    static void close() {
        validation.close();
    }

    /** Field order in a body is the client's; the errors reported must not depend on it. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"slug\":\"ok\",\"name\":\"Ok\",\"mcp_url\":\"http://x\",\"timeout_ms\":\"5000\",\"transport\":42}",
        "{\"slug\":\"ok\",\"name\":\"Ok\",\"mcp_url\":\"http://x\",\"transport\":42,\"timeout_ms\":\"5000\"}",
        "{\"transport\":42,\"timeout_ms\":\"5000\",\"slug\":\"ok\",\"name\":\"Ok\",\"mcp_url\":\"http://x\"}",
        "{\"timeout_ms\":\"5000\",\"transport\":42,\"slug\":\"ok\",\"name\":\"Ok\",\"mcp_url\":\"http://x\"}"
    })
    void everyWrongTypeIsReportedWhateverTheOrderOfFields(String body) {
        ProblemException problem = assertThrows(ProblemException.class,
                () -> strict.readValue(body, ToolkitRequests.Create.class));
        assertEquals(List.of("timeout_ms", "transport"), fields(problem));
    }

    record Scalars(Boolean enabled, Long count, Optional<Integer> limit, Double ratio) {
    }

    @Test
    void numbersAndBooleansAreReadOnlyFromTheirOwnJsonTypes() throws Exception {
        ProblemException problem = assertThrows(ProblemException.class, () -> strict.readValue(
                "{\"enabled\":1,\"count\":\"3\",\"limit\":\"4\",\"ratio\":true}", Scalars.class));
        assertEquals(List.of("count", "enabled", "limit", "ratio"), fields(problem));
        assertEquals("must be an integer", problem.errors().get(0).message());

        Scalars read = strict.readValue("{\"enabled\":false,\"count\":3,\"limit\":null,\"ratio\":1}", Scalars.class);
        assertEquals(new Scalars(false, 3L, Optional.empty(), 1.0), read);
        assertEquals(Optional.of(4), strict.readValue("{\"limit\":4}", Scalars.class).limit());
    }

    private static List<String> fields(ProblemException problem) {
        return problem.errors().stream().map(FieldError::field).toList();
    }
}
