package dev.switchboard.gateway.upstream;

/** A session opened with one upstream: its session id (null for a stateless upstream) and negotiated version. */
public record UpstreamSession(String sessionId, String protocolVersion) {
}
