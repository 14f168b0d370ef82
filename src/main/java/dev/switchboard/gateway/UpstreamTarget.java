package dev.switchboard.gateway;

import dev.switchboard.authconfig.UpstreamCredential;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;

/**
 * One upstream MCP server of a resolved MCP server: where it is, which header authenticates to it, and
 * how long to wait for it (null: the gateway's default upstream timeout).
 *
 * <p>As a directory resolves it for every user, the credential may still depend on who calls ({@code need}:
 * the user's connected account, see {@code gateway.pipeline.UserCredentials}, which settles it per request).
 * A target that must not be called at all (its auth config is disabled, the user has no account it needs)
 * says why in {@code unusable}: the gateway makes no upstream call for it, and a call addressed to it is
 * answered with that reason.
 */
public record UpstreamTarget(String slug, String url, UpstreamTransportKind transport, UpstreamCredential credential,
        Duration timeout, AccountNeed need, String unusable) {

    /** A target whose credential is settled (or which needs none). */
    public UpstreamTarget(String slug, String url, UpstreamTransportKind transport, UpstreamCredential credential, Duration timeout) {
        this(slug, url, transport, credential, timeout, null, null);
    }

    /** From a row with the toolkit's {@code slug, mcp_url, transport, timeout_ms} columns. */
    public static UpstreamTarget of(Row toolkit, UpstreamCredential credential) {
        return of(toolkit, credential, null, null);
    }

    /** As {@link #of(Row, UpstreamCredential)}, with what is still to settle or why it cannot be called. */
    public static UpstreamTarget of(Row toolkit, UpstreamCredential credential, AccountNeed need, String unusable) {
        Integer timeoutMs = toolkit.getInteger("timeout_ms");
        return new UpstreamTarget(toolkit.getString("slug"), toolkit.getString("mcp_url"),
                UpstreamTransportKind.of(toolkit.getString("transport")), credential,
                timeoutMs == null ? null : Duration.ofMillis(timeoutMs), need, unusable);
    }

    /** Settled with this credential (null: none); {@code need} stays, saying which account the user may connect. */
    public UpstreamTarget withCredential(UpstreamCredential settled) {
        return new UpstreamTarget(slug, url, transport, settled, timeout, need, null);
    }

    /** Settled as not callable, for this reason. */
    public UpstreamTarget withUnusable(String reason) {
        return new UpstreamTarget(slug, url, transport, null, timeout, need, reason);
    }

    /**
     * Whether this upstream is not called only because the user has not connected the account it needs (not for a
     * token exchange: there is no account to connect, the user's SSO token is what is missing or refused).
     */
    public boolean lacksConnection() {
        return unusable != null && need != null && need.required() && !need.isExchange();
    }

    /** Whether the gateway may call this upstream. */
    public boolean isUsable() {
        return unusable == null;
    }
}
