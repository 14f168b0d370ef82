package dev.switchboard.connection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.authconfig.AuthScheme;
import dev.switchboard.authconfig.CredentialFields;
import dev.switchboard.common.problem.FieldError;
import dev.switchboard.connection.oauth.OAuth2State;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code state} of a connected account: what the SDK's {@code AuthScheme} helpers build and send as
 * {@code connection.state} ({@code {"authScheme": "API_KEY", "val": {"status": "ACTIVE", "api_key": "…"}}}), and
 * what answers show, with the secret masked. Switchboard reads only the fields it uses (the key or token) and
 * refuses any other, so nothing a caller sends is kept unencrypted or silently dropped.
 */
public final class ConnectionState {

    private static final String PATH = "connection.state";

    private ConnectionState() {
    }

    /**
     * The user's key or token in {@code state} for an account of this scheme (null for NO_AUTH); what is wrong is
     * added to {@code errors}.
     */
    static String secretOf(AuthScheme scheme, JsonNode state, List<FieldError> errors) {
        int errorsBefore = errors.size();
        if (state == null || state.isNull()) {
            if (scheme != AuthScheme.NO_AUTH) {
                errors.add(new FieldError(PATH, "is required: the user's " + secretKeyOf(scheme) + ", e.g. {\"authScheme\": \""
                        + scheme + "\", \"val\": {\"" + secretKeyOf(scheme) + "\": \"…\"}} (the SDK's AuthScheme helpers build it)"));
            }
            return null;
        }
        if (!state.isObject()) {
            errors.add(new FieldError(PATH, "must be an object"));
            return null;
        }
        if (!scheme.name().equals(state.path("authScheme").asText(null))) {
            errors.add(new FieldError(PATH + ".authScheme", "must be " + scheme + ", the scheme of the auth config"));
            return null;
        }
        JsonNode val = state.get("val");
        if (val == null || !val.isObject()) {
            errors.add(new FieldError(PATH + ".val", "must be an object"));
            return null;
        }
        String secret = null;
        Iterator<Map.Entry<String, JsonNode>> fields = val.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = PATH + ".val." + field.getKey();
            if (field.getKey().equals("status")) {
                if (!"ACTIVE".equals(field.getValue().asText(null)) || !field.getValue().isTextual()) {
                    errors.add(new FieldError(path, "must be ACTIVE: an account with the user's own " + secretKeyOf(scheme)
                            + " is active at once"));
                }
            } else if (isSecretField(scheme, field.getKey())) {
                if (secret != null) {
                    errors.add(new FieldError(path, "gives a second key: send api_key or generic_api_key, not both"));
                } else if (!field.getValue().isTextual()) {
                    errors.add(new FieldError(path, "must be a string"));
                } else {
                    secret = scheme == AuthScheme.BEARER_TOKEN
                            ? CredentialFields.token(field.getValue().textValue(), path, errors)
                            : CredentialFields.apiKey(field.getValue().textValue(), path, errors);
                }
            } else {
                errors.add(new FieldError(path, "is not used by auth scheme " + scheme
                        + (scheme == AuthScheme.NO_AUTH ? " (it takes no fields)" : " (it takes " + secretKeyOf(scheme) + ")")));
            }
        }
        if (secret == null && scheme != AuthScheme.NO_AUTH && errors.size() == errorsBefore) {
            errors.add(new FieldError(PATH + ".val." + secretKeyOf(scheme), "is required for auth scheme " + scheme));
        }
        return secret;
    }

    /** The state answered for an account: its status, and its key or token masked while it has one. */
    public static Map<String, Object> view(ConnectedAccountEntity account) {
        AuthScheme scheme = account.authConfig.scheme();
        if (scheme == AuthScheme.OAUTH2) {
            return OAuth2State.view(account);
        }
        AccountStatus status = account.effectiveStatus();
        Map<String, Object> val = new LinkedHashMap<>();
        val.put("status", status.name());
        boolean holdsSecret = status == AccountStatus.ACTIVE || status == AccountStatus.INACTIVE;
        if (holdsSecret && account.secretCiphertext != null && secretKeyOf(scheme) != null) {
            val.put(secretKeyOf(scheme), CredentialFields.MASK);
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("authScheme", scheme.name());
        state.put("val", val);
        return state;
    }

    private static boolean isSecretField(AuthScheme scheme, String key) {
        return switch (scheme) {
            case API_KEY -> key.equals("api_key") || key.equals("generic_api_key");
            case BEARER_TOKEN -> key.equals("token");
            case NO_AUTH, OAUTH2, TOKEN_EXCHANGE -> false;
        };
    }

    private static String secretKeyOf(AuthScheme scheme) {
        return switch (scheme) {
            case API_KEY -> "api_key";
            case BEARER_TOKEN -> "token";
            case NO_AUTH, OAUTH2, TOKEN_EXCHANGE -> null;
        };
    }
}
