package dev.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.common.problem.FieldError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AllowedToolsCheckTest {

    @Test
    void acceptsNamesTheToolkitsHave() {
        assertEquals(List.of(), AllowedToolsCheck.problems(List.of("gh__issue", "send"),
                Map.of("gh", Set.of("issue"), "slack", Set.of("send"))));
    }

    @Test
    void namesMissingToolsPrefixedOrNot() {
        List<FieldError> errors = AllowedToolsCheck.problems(List.of("gh__nope", "nothing"), Map.of("gh", Set.of("issue")));
        assertEquals(List.of("allowed_tools[0]", "allowed_tools[1]"), errors.stream().map(FieldError::field).toList());
    }

    @Test
    void anUnreachableToolkitCannotRuleOutBareNames() {
        Map<String, Set<String>> tools = new HashMap<>();
        tools.put("gh", Set.of("issue"));
        tools.put("down", null);
        assertEquals(List.of(), AllowedToolsCheck.problems(List.of("maybe-down-has-it", "down__anything"), tools));
        assertEquals(1, AllowedToolsCheck.problems(List.of("gh__missing"), tools).size());
    }

    @Test
    void exposedNamesMustBeValidMcpToolNames() {
        String longName = "t".repeat(63);
        List<FieldError> errors = AllowedToolsCheck.problems(List.of(longName), Map.of("gh", Set.of(longName)));
        assertEquals("allowed_tools[0]", errors.get(0).field());
    }
}
