package dev.switchboard.ratelimit;

import io.vertx.core.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What a client is told of a decision: {@code Retry-After} when refused, and the IETF RateLimit headers
 * (draft-ietf-httpapi-ratelimit-headers) naming the policies by key kind only, so nothing of another
 * user or tenant shows.
 */
public final class RateLimitAnswers {

    /** Vert.x's optimized names: hashed once, and copied out as bytes rather than character by character. */
    private static final CharSequence POLICY = HttpHeaders.createOptimized("RateLimit-Policy");
    private static final CharSequence STATE = HttpHeaders.createOptimized("RateLimit");
    private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");

    private RateLimitAnswers() {
    }

    public static Map<String, String> headers(List<LimitedKey> keys, Decision decision) {
        Map<String, String> headers = new LinkedHashMap<>();
        write(keys, decision, (name, value) -> headers.put(name.toString(), value));
        return headers;
    }

    /** The same headers, each handed to {@code header} (a response's, say) as it is made. */
    public static void write(List<LimitedKey> keys, Decision decision, BiConsumer<CharSequence, String> header) {
        if (decision.binding() == null) {
            return;
        }
        header.accept(POLICY, keys instanceof LimitedKeys kept ? kept.policy() : policyOf(keys));
        header.accept(STATE, "\"" + decision.binding().kind().label() + "\";r=" + decision.remaining()
                + ";t=" + seconds(decision.resetNanos()));
        if (!decision.admitted()) {
            header.accept(RETRY_AFTER, String.valueOf(retryAfterSeconds(decision)));
        }
    }

    static String policyOf(List<LimitedKey> keys) {
        StringBuilder policies = new StringBuilder();
        for (LimitedKey key : keys) {
            if (!policies.isEmpty()) {
                policies.append(", ");
            }
            Limit limit = key.limit();
            policies.append('"').append(key.kind().label()).append("\";q=").append(limit.rate())
                    .append(";w=").append(limit.window().length().toSeconds());
        }
        return policies.toString();
    }

    /** Whole seconds, rounded up and at least 1, so a client that waits that long is admitted. */
    public static long retryAfterSeconds(Decision decision) {
        return Math.max(1, seconds(decision.retryAfterNanos()));
    }

    public static long retryAfterMillis(Decision decision) {
        return Math.max(1, (decision.retryAfterNanos() + 999_999) / 1_000_000);
    }

    /** What refused the request, in words a client can act on. */
    public static String describe(Decision decision) {
        Limit limit = decision.binding().limit();
        return "Rate limit exceeded: the " + decision.binding().kind().label() + " limit of " + limit.rate() + " requests per "
                + limit.window().label() + " (burst " + limit.burst() + "); retry in " + retryAfterMillis(decision) + " ms";
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
