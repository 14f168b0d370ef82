package dev.switchboard.gateway;

import dev.switchboard.authconfig.UpstreamCredential;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;

/**
 * One upstream MCP server of a resolved MCP server: where it is, which header authenticates to it, and
 * how long to wait for it (null: the gateway's default upstream timeout).
 */
public record UpstreamTarget(String slug, String url, UpstreamTransportKind transport, UpstreamCredential credential,
        Duration timeout) {

    /** From a row with the toolkit's {@code slug, mcp_url, transport, timeout_ms} columns. */
    public static UpstreamTarget of(Row toolkit, UpstreamCredential credential) {
        Integer timeoutMs = toolkit.getInteger("timeout_ms");
        return new UpstreamTarget(toolkit.getString("slug"), toolkit.getString("mcp_url"), UpstreamTransportKind.of(toolkit.getString("transport")),
                credential, timeoutMs == null ? null : Duration.ofMillis(timeoutMs));
    }
}
