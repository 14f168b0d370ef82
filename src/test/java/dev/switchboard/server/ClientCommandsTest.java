package dev.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClientCommandsTest {

    private static final String URL = "https://sb.example.com/v3/mcp/mcp_1/mcp?user_id=o%27neil";

    @Test
    void buildsAClaudeCodeCommandWithAQuotedUrl() {
        assertEquals("claude mcp add --transport http my-tools 'https://sb.example.com/v3/mcp/mcp_1/mcp?user_id=o%27neil'",
                ClientCommands.of("My Tools!", URL, ClientCommands.Login.SSO).claude());
        assertEquals("'it'\\''s'", ClientCommands.shellQuote("it's"));
    }

    @Test
    void buildsACursorDeeplinkCarryingTheUrl() {
        String cursor = ClientCommands.of("My Tools", URL, ClientCommands.Login.SSO).cursor();
        String prefix = "cursor://anysphere.cursor-deeplink/mcp/install?name=my-tools&config=";
        assertEquals(prefix, cursor.substring(0, prefix.length()));
        String config = new String(Base64.getUrlDecoder().decode(cursor.substring(prefix.length())), StandardCharsets.UTF_8);
        assertEquals("{\"url\":\"" + URL + "\"}", config);
    }

    @Test
    void buildsAWindsurfConfigEntry() {
        assertEquals("{\"mcpServers\":{\"ops\":{\"serverUrl\":\"" + URL + "\"}}}", ClientCommands.of("OPS", URL, ClientCommands.Login.SSO).windsurf());
    }

    @Test
    void withApiKeysOnlyEachCarriesTheClientsHeaderOptionWithAPlaceholder() {
        ClientCommands commands = ClientCommands.of("ops", URL, ClientCommands.Login.API_KEY);
        assertEquals("claude mcp add --transport http ops '" + URL + "' --header 'x-api-key: <YOUR_API_KEY>'", commands.claude());
        String prefix = "cursor://anysphere.cursor-deeplink/mcp/install?name=ops&config=";
        assertEquals("{\"url\":\"" + URL + "\",\"headers\":{\"x-api-key\":\"<YOUR_API_KEY>\"}}",
                new String(Base64.getUrlDecoder().decode(commands.cursor().substring(prefix.length())), StandardCharsets.UTF_8));
        assertEquals("{\"mcpServers\":{\"ops\":{\"serverUrl\":\"" + URL + "\",\"headers\":{\"x-api-key\":\"<YOUR_API_KEY>\"}}}}",
                commands.windsurf());
    }

    @Test
    void namesWithoutLettersFallBackToSwitchboard() {
        assertEquals("switchboard", ClientCommands.clientName("!!!"));
        assertEquals("\"a\\\"b\\\\c\"", ClientCommands.jsonString("a\"b\\c"));
    }
}
