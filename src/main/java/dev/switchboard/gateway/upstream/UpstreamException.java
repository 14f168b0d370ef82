package dev.switchboard.gateway.upstream;

/** An upstream that failed, timed out or answered something that is not MCP. */
public class UpstreamException extends RuntimeException {

    private final int status;

    public UpstreamException(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    /**
     * Whether the upstream no longer knows the session: 404 as the protocol says, or a 400 that says so
     * (some servers, server-everything among them, answer an unknown session id with 400).
     */
    public static boolean isSessionLost(int status, String body) {
        return status == 404 || status == 400 && body != null && body.toLowerCase(java.util.Locale.ROOT).contains("session");
    }

    public boolean isSessionLost() {
        return isSessionLost(status, getMessage());
    }

    /** The upstream's HTTP status, or 0 when it gave none. */
    public int status() {
        return status;
    }
}
