package dev.switchboard.connection.exchange;

import dev.switchboard.authconfig.UpstreamCredential;
import dev.switchboard.gateway.TokenExchanger.Refused;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Reads the IdP's answers to a token exchange (RFC 8693 §2.2): the token it issued, or why it refused, in words that
 * quote no token. No I/O.
 */
final class TokenExchangeAnswers {

    /** Used when the IdP does not say how long the token lives (expires_in is only recommended). */
    static final long DEFAULT_LIFETIME_SECONDS = 60;
    private static final int MAX_DESCRIPTION = 200;

    record Issued(String accessToken, Instant expiresAt) {

        @Override
        public String toString() {
            return "Issued[***, expiresAt=" + expiresAt + "]";
        }
    }

    private TokenExchangeAnswers() {
    }

    /** A 200 answer's token; a body that holds no usable bearer token is a {@link Refused}. */
    static Issued issued(JsonObject body, Instant askedAt) {
        Object token = body == null ? null : body.getValue("access_token");
        if (!(token instanceof String accessToken) || accessToken.isEmpty() || !UpstreamCredential.isHeaderSafe(accessToken)) {
            throw new Refused("the IdP answered the exchange without a usable access_token");
        }
        Object type = body.getValue("token_type");
        if (type != null && !"bearer".equalsIgnoreCase(type.toString())) {
            throw new Refused("the IdP issued a token of type '" + printable(type.toString()) + "', not a Bearer token");
        }
        Object expiresIn = body.getValue("expires_in");
        long seconds = expiresIn instanceof Number number ? number.longValue() : DEFAULT_LIFETIME_SECONDS;
        return new Issued(accessToken, askedAt.plusSeconds(Math.max(0, seconds)));
    }

    /** Why the IdP refused: its OAuth error code and description (RFC 6749 §5.2), or its HTTP status. */
    static String refusal(int status, JsonObject body) {
        String error = body == null ? null : body.getValue("error") instanceof String text ? text : null;
        if (error == null) {
            return "the IdP refused the exchange with HTTP " + status;
        }
        String description = body.getValue("error_description") instanceof String text ? text : null;
        return "the IdP refused the exchange: " + printable(error) + (description == null ? "" : " (" + printable(description) + ")");
    }

    /** Visible ASCII and spaces only, and short: an answer cannot break a log line or flood an error. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_DESCRIPTION));
        for (int i = 0; i < text.length() && out.length() < MAX_DESCRIPTION; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        return text.length() > MAX_DESCRIPTION ? out + "…" : out.toString();
    }
}
