package dev.switchboard.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.gateway.pipeline.McpRoutes.PathTemplate;
import org.junit.jupiter.api.Test;

/** The MCP paths' matching without regular expressions: what Vert.x Web's route for the same path accepts, and no more. */
class McpRoutesTest {

    private final PathTemplate server = PathTemplate.of("/v3/mcp/:serverId/mcp");

    @Test
    void aTemplateSplitsIntoPrefixParameterAndSuffix() {
        assertEquals(new PathTemplate("/v3/mcp/", "serverId", "/mcp"), server);
        assertEquals(new PathTemplate("/tool_router/", "sessionId", "/mcp"), PathTemplate.of("/tool_router/:sessionId/mcp"));
    }

    @Test
    void onlyOneParameterBetweenAPrefixAndASuffixMakesATemplate() {
        for (String path : new String[] {"/v3/mcp", "/v3/mcp/:serverId", ":serverId/mcp", "/v3/mcp/x:serverId/mcp",
                "/v3/:a/:b/mcp"}) {
            assertThrows(IllegalArgumentException.class, () -> PathTemplate.of(path), path);
        }
    }

    @Test
    void theParameterIsOneNonEmptySegment() {
        assertEquals("srv_1", server.parameter("/v3/mcp/srv_1/mcp"));
        assertEquals("a", server.parameter("/v3/mcp/a/mcp"));
        assertNull(server.parameter("/v3/mcp//mcp"));
        assertNull(server.parameter("/v3/mcp/a/b/mcp"));
        assertNull(server.parameter("/v3/mcp/mcp"));
        assertNull(server.parameter("/v3/mcp/"));
        assertNull(server.parameter(null));
    }

    @Test
    void theSuffixMustEndThePathButForOneTrailingSlash() {
        assertEquals("srv_1", server.parameter("/v3/mcp/srv_1/mcp/"));
        assertNull(server.parameter("/v3/mcp/srv_1/mcp//"));
        assertNull(server.parameter("/v3/mcp/srv_1/mcpx"));
        assertNull(server.parameter("/v3/mcp/srv_1/sse"));
        assertNull(server.parameter("/v3/mcp/srv_1/mcp/more"));
        assertNull(server.parameter("/v3/mcpx/srv_1/mcp"));
        assertNull(server.parameter("/api/v3/mcp/srv_1/mcp"));
    }

    @Test
    void aParameterIsDecodedAsVertxDecodesOne() {
        assertEquals("srv_1", PathTemplate.decode("srv_1"));
        assertEquals("a/b", PathTemplate.decode("a%2Fb"));
        assertEquals("a+b c", PathTemplate.decode("a+b%20c"));
        assertEquals("é", PathTemplate.decode("%C3%A9"));
        assertNull(PathTemplate.decode("a%zz"));
        assertNull(PathTemplate.decode("a%2"));
    }
}
