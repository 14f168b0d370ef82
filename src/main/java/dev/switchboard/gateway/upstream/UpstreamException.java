package dev.switchboard.gateway.upstream;

import java.util.Locale;

/**
 * An upstream that failed, timed out or answered something that is not MCP. Its message says what
 * failed (a status, a timeout, a refused connection), never what the upstream wrote, which may be
 * anything (an internal service's page, a secret echoed back) and must reach neither client nor log.
 */
public class UpstreamException extends RuntimeException {

    private final int status;
    private final boolean sessionLost;
    private final boolean clientGone;

    public UpstreamException(String message, int status) {
        this(message, status, false, false);
    }

    private UpstreamException(String message, int status, boolean sessionLost, boolean clientGone) {
        super(message, null, false, false);
        this.status = status;
        this.sessionLost = sessionLost;
        this.clientGone = clientGone;
    }

    /** The request was dropped because the client that sent it went away before it was answered. */
    public static UpstreamException clientGone(String slug) {
        return new UpstreamException(slug + ": the request was dropped, its client went away", 0, false, true);
    }

    /** Whether the client went away (nothing failed upstream; there is no one to answer). */
    public boolean isClientGone() {
        return clientGone;
    }

    /** An HTTP error instead of an MCP answer; the body is read only to tell a lost session. */
    public static UpstreamException answered(String slug, int status, String body) {
        return new UpstreamException(slug + " answered HTTP " + status, status, isSessionLost(status, body), false);
    }

    /**
     * What failed, in words of the gateway's own: any failure of an exchange with an upstream becomes one,
     * since the HTTP client's own messages may quote the upstream (the first token of a reply that is not
     * HTTP) or the request (a header value, which may be a secret).
     */
    public static UpstreamException of(String slug, Throwable failure) {
        if (failure instanceof UpstreamException known) {
            return known;
        }
        String what;
        if (failure instanceof java.util.concurrent.TimeoutException || failure instanceof io.netty.channel.ConnectTimeoutException
                || failure instanceof io.vertx.core.impl.NoStackTraceTimeoutException) {
            what = " timed out";
        } else if (failure instanceof java.net.ConnectException) {
            what = " refused the connection";
        } else if (failure instanceof java.net.UnknownHostException) {
            what = " has a host name that does not resolve";
        } else if (failure instanceof javax.net.ssl.SSLException) {
            what = " failed the TLS handshake";
        } else if (failure instanceof io.vertx.core.http.HttpClosedException || failure instanceof java.io.IOException) {
            what = " closed the connection";
        } else if (failure instanceof io.netty.handler.codec.DecoderException || failure instanceof IllegalArgumentException
                || failure instanceof IllegalStateException) {
            what = " answered something that is not HTTP";
        } else {
            what = " failed (" + failure.getClass().getSimpleName() + ")";
        }
        return new UpstreamException(slug + what, 0);
    }

    /** The upstream no longer knows the session (it restarted, expired it, or this replica never held it). */
    public static UpstreamException sessionLost(String message) {
        return new UpstreamException(message, 404, true, false);
    }

    /**
     * Whether the upstream no longer knows the session: 404 as the protocol says, or a 400 that says so
     * (some servers, server-everything among them, answer an unknown session id with 400).
     */
    static boolean isSessionLost(int status, String body) {
        return status == 404 || status == 400 && body != null && body.toLowerCase(Locale.ROOT).contains("session");
    }

    public boolean isSessionLost() {
        return sessionLost;
    }

    /** The upstream's HTTP status, or 0 when it gave none. */
    public int status() {
        return status;
    }
}
