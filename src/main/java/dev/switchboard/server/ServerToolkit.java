package dev.switchboard.server;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One toolkit of an MCP server, optionally pinned to one of that toolkit's auth configs. */
@Embeddable
public class ServerToolkit {

    @Column(name = "toolkit_id", nullable = false)
    public String toolkitId;

    /** Kept beside the id because slugs never change and every answer and filter uses them. */
    @Column(name = "toolkit_slug", nullable = false)
    public String toolkitSlug;

    @Column(name = "auth_config_id")
    public String authConfigId;

    public ServerToolkit() {
    }

    public ServerToolkit(String toolkitId, String toolkitSlug, String authConfigId) {
        this.toolkitId = toolkitId;
        this.toolkitSlug = toolkitSlug;
        this.authConfigId = authConfigId;
    }
}
