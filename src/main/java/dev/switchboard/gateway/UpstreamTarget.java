package dev.switchboard.gateway;

import dev.switchboard.authconfig.UpstreamCredential;

/** One upstream MCP server of a resolved MCP server: where it is and which header authenticates to it. */
public record UpstreamTarget(String slug, String url, String transport, UpstreamCredential credential) {
}
