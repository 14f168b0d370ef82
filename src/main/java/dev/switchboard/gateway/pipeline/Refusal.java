package dev.switchboard.gateway.pipeline;

import dev.switchboard.common.problem.ProblemException;
import java.util.List;

/**
 * A stage's typed "no": the status and problem the client gets, and for 401 the {@code WWW-Authenticate}
 * challenge. A refusal of the message itself (not JSON, not JSON-RPC) carries a JSON-RPC error code, and
 * is answered with a JSON-RPC error body as the MCP transports ask. Rendered only by {@link FailureExit}.
 */
public final class Refusal extends ProblemException {

    private final String challenge;
    private final Integer jsonRpcCode;

    private Refusal(int status, String title, String detail, String challenge, Integer jsonRpcCode) {
        super(status, title, detail, List.of());
        this.challenge = challenge;
        this.jsonRpcCode = jsonRpcCode;
    }

    public static Refusal of(int status, String detail) {
        return new Refusal(status, title(status), detail, null, null);
    }

    public static Refusal unauthorized(String challenge, String detail) {
        return new Refusal(401, title(401), detail, challenge, null);
    }

    public static Refusal badMessage(int jsonRpcCode, String detail) {
        return new Refusal(400, title(400), detail, null, jsonRpcCode);
    }

    /** The {@code WWW-Authenticate} value of a 401, else null. */
    public String challenge() {
        return challenge;
    }

    /** The JSON-RPC error code when the message itself is refused, else null. */
    public Integer jsonRpcCode() {
        return jsonRpcCode;
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 406 -> "Not Acceptable";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
