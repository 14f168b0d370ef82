package dev.switchboard.ratelimit;

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

    private RateLimitAnswers() {
    }

    public static Map<String, String> headers(List<LimitedKey> keys, Decision decision) {
        Map<String, String> headers = new LinkedHashMap<>();
        write(keys, decision, headers::put);
        return headers;
    }

    /** The same headers, each handed to {@code header} (a response's, say) as it is made. */
    public static void write(List<LimitedKey> keys, Decision decision, BiConsumer<String, String> header) {
        if (decision.binding() == null) {
            return;
        }
        StringBuilder policies = new StringBuilder();
        for (LimitedKey key : keys) {
            if (!policies.isEmpty()) {
                policies.append(", ");
            }
            Limit limit = key.limit();
            policies.append('"').append(key.kind().label()).append("\";q=").append(limit.rate())
                    .append(";w=").append(limit.window().length().toSeconds());
        }
        header.accept("RateLimit-Policy", policies.toString());
        header.accept("RateLimit", "\"" + decision.binding().kind().label() + "\";r=" + decision.remaining()
                + ";t=" + seconds(decision.resetNanos()));
        if (!decision.admitted()) {
            header.accept("Retry-After", String.valueOf(retryAfterSeconds(decision)));
        }
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
