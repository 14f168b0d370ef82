package dev.switchboard.ratelimit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client is told of a decision: {@code Retry-After} when refused, and the IETF RateLimit headers
 * (draft-ietf-httpapi-ratelimit-headers) naming the policies by key kind only, so nothing of another
 * user or tenant shows.
 */
public final class RateLimitAnswers {

    private RateLimitAnswers() {
    }

    public static Map<String, String> headers(List<LimitedKey> keys, Decision decision) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (decision.binding() == null) {
            return headers;
        }
        StringBuilder policies = new StringBuilder();
        for (LimitedKey key : keys) {
            policies.append(policies.isEmpty() ? "" : ", ").append(policy(key));
        }
        headers.put("RateLimit-Policy", policies.toString());
        headers.put("RateLimit", "\"" + decision.binding().kind().label() + "\";r=" + decision.remaining()
                + ";t=" + seconds(decision.resetNanos()));
        if (!decision.admitted()) {
            headers.put("Retry-After", String.valueOf(retryAfterSeconds(decision)));
        }
        return headers;
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

    private static String policy(LimitedKey key) {
        Limit limit = key.limit();
        return "\"" + key.kind().label() + "\";q=" + limit.rate() + ";w=" + limit.window().length().toSeconds();
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
