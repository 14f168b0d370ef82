package dev.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.common.problem.FieldError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExposedToolsCheckTest {

    @Test
    void acceptsNamesTheToolkitsHave() {
        assertEquals(List.of(), ExposedToolsCheck.problems(List.of("gh__issue", "send"),
                Map.of("gh", Set.of("issue"), "slack", Set.of("send")), true));
    }

    @Test
    void namesMissingToolsPrefixedOrNot() {
        List<FieldError> errors = ExposedToolsCheck.problems(List.of("gh__nope", "nothing"), Map.of("gh", Set.of("issue")), true);
        assertEquals(List.of("allowed_tools[0]", "allowed_tools[1]"), errors.stream().map(FieldError::field).toList());
    }

    @Test
    void anUnreachableToolkitCannotRuleOutBareNames() {
        Map<String, Set<String>> tools = new HashMap<>();
        tools.put("gh", Set.of("issue"));
        tools.put("down", null);
        assertEquals(List.of(), ExposedToolsCheck.problems(List.of("maybe-down-has-it", "down__anything"), tools, true));
        assertEquals(1, ExposedToolsCheck.problems(List.of("gh__missing"), tools, true).size());
    }

    @Test
    void exposedNamesMustBeValidMcpToolNames() {
        String longName = "t".repeat(63);
        List<FieldError> errors = ExposedToolsCheck.problems(List.of(longName), Map.of("gh", Set.of(longName)), true);
        assertEquals("allowed_tools[0]", errors.get(0).field());
    }

    @Test
    void everyExposedNameIsCheckedNotOnlyTheAllowedOnes() {
        List<FieldError> errors = ExposedToolsCheck.problems(List.of(), Map.of("gh", Set.of("t".repeat(63), "ok")), true);
        assertEquals(List.of("toolkits"), errors.stream().map(FieldError::field).toList());
    }

    @Test
    void unprefixedNamesMustNotCollide() {
        Map<String, Set<String>> tools = new java.util.LinkedHashMap<>();
        tools.put("alpha", Set.of("echo", "sum"));
        tools.put("beta", Set.of("echo", "other"));
        List<FieldError> errors = ExposedToolsCheck.problems(List.of(), tools, false);
        assertEquals(List.of("tool_name_prefix"), errors.stream().map(FieldError::field).toList());
        assertEquals(List.of(), ExposedToolsCheck.problems(List.of(), tools, true));
        assertEquals(List.of(), ExposedToolsCheck.problems(List.of("alpha__echo", "other"), tools, false));
        assertEquals(List.of(), ExposedToolsCheck.problems(List.of("t".repeat(63)), Map.of("gh", Set.of("t".repeat(63))), false));
    }
}
