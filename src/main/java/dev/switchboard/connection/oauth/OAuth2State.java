package dev.switchboard.connection.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.authconfig.CredentialFields;
import dev.switchboard.common.problem.FieldError;
import dev.switchboard.connection.AccountStatus;
import dev.switchboard.connection.ConnectedAccountEntity;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code state} of an OAUTH2 account, as the SDK's {@code AuthScheme.OAuth2} builds it and as it parses it back.
 * Sent: none or {@code INITIALIZING} starts the authorization flow; {@code ACTIVE} with an {@code access_token}
 * (and optionally {@code refresh_token}, {@code expires_in}) stores those tokens. Answered: ACTIVE and INACTIVE
 * carry {@code access_token} (masked: the SDK drops the state without it), INITIATED its {@code redirectUrl}.
 */
public final class OAuth2State {

    private static final String PATH = "connection.state";
    private static final Set<String> TOKEN_FIELDS = Set.of("access_token", "refresh_token", "expires_in", "token_type", "scope");

    private OAuth2State() {
    }

    /** Tokens the caller supplied (null: none, so the authorization flow starts); what is wrong goes to {@code errors}. */
    public static TokenEndpoint.Tokens read(JsonNode state, List<FieldError> errors) {
        if (state == null || state.isNull()) {
            return null;
        }
        if (!state.isObject()) {
            errors.add(new FieldError(PATH, "must be an object"));
            return null;
        }
        if (!"OAUTH2".equals(state.path("authScheme").asText(null))) {
            errors.add(new FieldError(PATH + ".authScheme", "must be OAUTH2, the scheme of the auth config"));
            return null;
        }
        JsonNode val = state.get("val");
        if (val == null || !val.isObject()) {
            errors.add(new FieldError(PATH + ".val", "must be an object"));
            return null;
        }
        String status = val.path("status").asText("INITIALIZING");
        if (!status.equals("INITIALIZING") && !status.equals("ACTIVE")) {
            errors.add(new FieldError(PATH + ".val.status", "must be INITIALIZING (start the authorization) or ACTIVE (with an access_token)"));
            return null;
        }
        boolean active = status.equals("ACTIVE");
        String accessToken = null;
        String refreshToken = null;
        Instant expiresAt = null;
        Iterator<Map.Entry<String, JsonNode>> fields = val.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            String path = PATH + ".val." + key;
            if (key.equals("status")) {
                continue;
            }
            if (!active || !TOKEN_FIELDS.contains(key)) {
                errors.add(new FieldError(path, active ? "is not used (an ACTIVE OAUTH2 state takes " + String.join(", ", TOKEN_FIELDS.stream().sorted().toList()) + ")"
                        : "is not used: the authorization uses the auth config's URLs, client and scopes"));
                continue;
            }
            switch (key) {
                case "access_token" -> accessToken = value.isTextual() ? CredentialFields.token(value.textValue(), path, errors)
                        : invalid(errors, path, "must be a string");
                case "refresh_token" -> refreshToken = value.isNull() ? null : value.isTextual() && !value.textValue().isEmpty()
                        ? value.textValue() : invalid(errors, path, "must be a non-empty string or null");
                case "expires_in" -> expiresAt = expiresAt(value, path, errors);
                case "token_type" -> {
                    if (!value.isNull() && !"bearer".equalsIgnoreCase(value.asText())) {
                        errors.add(new FieldError(path, "must be Bearer: the token goes upstream as Authorization: Bearer"));
                    }
                }
                default -> {
                    // scope: informative only; the provider decided what the token may do.
                }
            }
        }
        if (active && accessToken == null && errors.stream().noneMatch(e -> e.field().startsWith(PATH + ".val.access_token"))) {
            errors.add(new FieldError(PATH + ".val.access_token", "is required for an ACTIVE OAUTH2 state"));
        }
        return active && accessToken != null ? new TokenEndpoint.Tokens(accessToken, refreshToken, expiresAt) : null;
    }

    private static Instant expiresAt(JsonNode value, String path, List<FieldError> errors) {
        if (value.isNull()) {
            return null;
        }
        long seconds;
        if (value.canConvertToLong() && value.isIntegralNumber()) {
            seconds = value.asLong();
        } else if (value.isTextual() && value.textValue().matches("\\d{1,10}")) {
            seconds = Long.parseLong(value.textValue());
        } else {
            errors.add(new FieldError(path, "must be a number of seconds"));
            return null;
        }
        if (seconds <= 0) {
            errors.add(new FieldError(path, "must be positive"));
            return null;
        }
        return Instant.now().plusSeconds(seconds);
    }

    private static <T> T invalid(List<FieldError> errors, String path, String message) {
        errors.add(new FieldError(path, message));
        return null;
    }

    /** The state answered for an OAUTH2 account, in the shape the SDK parses strictly; tokens masked. */
    public static Map<String, Object> view(ConnectedAccountEntity account) {
        AccountStatus status = account.effectiveStatus();
        Map<String, Object> val = new LinkedHashMap<>();
        val.put("status", status.name());
        switch (status) {
            case ACTIVE, INACTIVE -> {
                val.put("access_token", CredentialFields.MASK);
                val.put("token_type", "Bearer");
                if (account.refreshTokenCiphertext != null) {
                    val.put("refresh_token", CredentialFields.MASK);
                }
                if (account.tokenExpiresAt != null) {
                    val.put("expires_in", Math.max(0, account.tokenExpiresAt.getEpochSecond() - Instant.now().getEpochSecond()));
                }
            }
            case INITIATED -> {
                val.put("redirectUrl", account.redirectUrl);
                if (account.callbackUrl != null) {
                    val.put("callback_url", account.callbackUrl);
                }
            }
            case FAILED -> {
                if (account.statusReason != null) {
                    val.put("error_description", account.statusReason);
                }
            }
            default -> {
                // INITIALIZING, EXPIRED, REVOKED: the status says it all.
            }
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("authScheme", "OAUTH2");
        state.put("val", val);
        return state;
    }
}
