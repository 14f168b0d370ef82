package dev.switchboard.gateway.upstream;

/** An upstream that failed, timed out or answered something that is not MCP. */
public class UpstreamException extends RuntimeException {

    private final int status;

    public UpstreamException(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The upstream's HTTP status, or 0 when it gave none. */
    public int status() {
        return status;
    }
}
