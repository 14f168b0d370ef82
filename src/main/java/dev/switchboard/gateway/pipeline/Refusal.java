package dev.switchboard.gateway.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.common.problem.ProblemException;
import java.util.List;
import java.util.Map;

/**
 * A stage's typed "no": the status and problem the client gets, and for 401 the {@code WWW-Authenticate}
 * challenge. A refusal of the message itself (not JSON, not JSON-RPC) carries a JSON-RPC error code, and
 * is answered with a JSON-RPC error body as the MCP transports ask; so is a request over a rate limit (429,
 * with the request's id, {@code data} a client can back off by, and its headers). Rendered only by
 * {@link FailureExit}.
 */
public final class Refusal extends ProblemException {

    private final String challenge;
    private final Integer jsonRpcCode;
    private final ObjectNode jsonRpcData;
    private final Map<String, String> headers;

    private Refusal(int status, String title, String detail, String challenge, Integer jsonRpcCode, ObjectNode jsonRpcData,
            Map<String, String> headers) {
        super(status, title, detail, List.of());
        this.challenge = challenge;
        this.jsonRpcCode = jsonRpcCode;
        this.jsonRpcData = jsonRpcData;
        this.headers = Map.copyOf(headers);
    }

    private Refusal(int status, String title, String detail, String challenge, Integer jsonRpcCode) {
        this(status, title, detail, challenge, jsonRpcCode, null, Map.of());
    }

    public static Refusal of(int status, String detail) {
        return new Refusal(status, title(status), detail, null, null);
    }

    public static Refusal unauthorized(String challenge, String detail) {
        return new Refusal(401, title(401), detail, challenge, null);
    }

    /** A 403 that tells the client, in its challenge, what it can do about it (e.g. ask for more scopes). */
    public static Refusal forbidden(String challenge, String detail) {
        return new Refusal(403, title(403), detail, challenge, null);
    }

    public static Refusal badMessage(int jsonRpcCode, String detail) {
        return new Refusal(400, title(400), detail, null, jsonRpcCode);
    }

    /** As {@link #badMessage(int, String)}, with the JSON-RPC error's {@code data}. */
    public static Refusal badMessage(int jsonRpcCode, String detail, ObjectNode data) {
        return new Refusal(400, title(400), detail, null, jsonRpcCode, data, Map.of());
    }

    /** A request over a rate limit: 429 with these headers, answered as a JSON-RPC error with this code and data. */
    public static Refusal tooManyRequests(String detail, int jsonRpcCode, ObjectNode data, Map<String, String> headers) {
        return new Refusal(429, title(429), detail, null, jsonRpcCode, data, headers);
    }

    /** The {@code WWW-Authenticate} value of a 401 (or a 403 with a challenge), else null. */
    public String challenge() {
        return challenge;
    }

    /** The JSON-RPC error code when the message itself is refused, else null. */
    public Integer jsonRpcCode() {
        return jsonRpcCode;
    }

    /** The JSON-RPC error's {@code data}, or null. */
    public ObjectNode jsonRpcData() {
        return jsonRpcData;
    }

    /** Headers the answer carries besides the problem's own. */
    public Map<String, String> headers() {
        return headers;
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
