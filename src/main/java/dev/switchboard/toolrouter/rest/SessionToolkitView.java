package dev.switchboard.toolrouter.rest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One toolkit of a session with its user's connection, as {@code session.toolkits()} reads it: connected when
 * {@code connected_account.status} is ACTIVE; {@code is_no_auth} when the toolkit needs no connection.
 */
public record SessionToolkitView(String slug, String name, boolean isNoAuth, Meta meta, ConnectedAccount connectedAccount) {

    public record Meta(@JsonInclude(JsonInclude.Include.NON_NULL) String logo) {
    }

    public record ConnectedAccount(String id, String status, AuthConfigRef authConfig) {
    }

    public record AuthConfigRef(String id, String authScheme, boolean isComposioManaged) {
    }

    @JsonIgnore
    public boolean isConnected() {
        return connectedAccount != null && "ACTIVE".equals(connectedAccount.status());
    }
}
