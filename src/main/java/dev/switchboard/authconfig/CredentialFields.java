package dev.switchboard.authconfig;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.common.HttpUrls;
import dev.switchboard.common.problem.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code credentials} of an auth config, read for its scheme. The Composio SDK passes the keys through as
 * the caller wrote them and the server names them: Switchboard takes {@code header_name} and {@code api_key}
 * for API_KEY, {@code token} for BEARER_TOKEN, and {@code client_id}, {@code client_secret},
 * {@code authorization_url}, {@code token_url}, {@code scopes} and {@code token_endpoint_auth_method}
 * ({@value #CLIENT_SECRET_BASIC}, the default, or {@value #CLIENT_SECRET_POST}) for OAUTH2, {@code audience} and {@code scopes} for
 * TOKEN_EXCHANGE. Any other key is an error at
 * its path, so a typo never silently drops a secret. Null fields were not given.
 *
 * @param secret the scheme's secret field: {@code api_key}, {@code token} or {@code client_secret}
 */
public record CredentialFields(String headerName, String secret, String clientId, String authorizationUrl,
        String tokenUrl, List<String> scopes, String audience, String tokenEndpointAuthMethod) {

    /** The header an API key goes in when a config does not name one. */
    public static final String DEFAULT_API_KEY_HEADER = "X-API-Key";
    /** RFC 8414's names for how an OAuth client authenticates at the token endpoint: HTTP Basic, or in the form body. */
    public static final String CLIENT_SECRET_BASIC = "client_secret_basic";
    public static final String CLIENT_SECRET_POST = "client_secret_post";
    /** How secrets appear in answers: present, never shown. */
    public static final String MASK = "********";

    /** Headers the gateway owns on upstream requests; an auth config may not replace them. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type",
            "transfer-encoding", "connection", "accept", "mcp-session-id", "mcp-protocol-version", "last-event-id");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    /** RFC 6749 §3.3 scope-token. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]{1,200}");
    private static final Pattern VISIBLE = Pattern.compile("[\\x21-\\x7e]+");
    private static final Pattern VISIBLE_WITH_SPACES = Pattern.compile("[\\x20-\\x7e\\t]+");
    private static final int MAX_SCOPES = 100;

    static final CredentialFields NONE = new CredentialFields(null, null, null, null, null, null, null, null);

    /** The credential keys a scheme takes. */
    public static List<String> keysOf(AuthScheme scheme) {
        return switch (scheme) {
            case API_KEY -> List.of("header_name", "api_key");
            case BEARER_TOKEN -> List.of("token");
            case OAUTH2 -> List.of("client_id", "client_secret", "authorization_url", "token_url", "scopes", "token_endpoint_auth_method");
            case TOKEN_EXCHANGE -> List.of("audience", "scopes");
            case NO_AUTH -> List.of();
        };
    }

    /** The name of the scheme's secret field, or null when it has none. */
    public static String secretKeyOf(AuthScheme scheme) {
        return switch (scheme) {
            case API_KEY -> "api_key";
            case BEARER_TOKEN -> "token";
            case OAUTH2 -> "client_secret";
            case NO_AUTH, TOKEN_EXCHANGE -> null;
        };
    }

    /** Reads {@code raw} (null: nothing given) for the scheme; what is wrong is added to {@code errors} at {@code path}.key. */
    public static CredentialFields read(AuthScheme scheme, Map<String, JsonNode> raw, String path, List<FieldError> errors) {
        if (raw == null || raw.isEmpty()) {
            return NONE;
        }
        List<String> keys = keysOf(scheme);
        String headerName = null;
        String secret = null;
        String clientId = null;
        String authorizationUrl = null;
        String tokenUrl = null;
        List<String> scopes = null;
        String audience = null;
        String tokenEndpointAuthMethod = null;
        for (Map.Entry<String, JsonNode> entry : raw.entrySet()) {
            String key = entry.getKey();
            String field = path + "." + key;
            if (!keys.contains(key)) {
                errors.add(new FieldError(field, keys.isEmpty()
                        ? "is not used: auth scheme " + scheme + " takes no credentials"
                        : "is not a credential of auth scheme " + scheme + " (it takes " + String.join(", ", keys) + ")"));
                continue;
            }
            JsonNode value = entry.getValue();
            if (key.equals("scopes")) {
                scopes = scopes(value, field, errors);
                continue;
            }
            String text = text(value, field, errors);
            if (text == null) {
                continue;
            }
            switch (key) {
                case "header_name" -> headerName = headerName(text, field, errors);
                case "api_key" -> secret = apiKey(text, field, errors);
                case "token" -> secret = token(text, field, errors);
                case "client_secret" -> secret = checked(text, 4096, VISIBLE_WITH_SPACES, field, errors,
                        "must be visible ASCII characters");
                case "client_id" -> clientId = checked(text, 255, VISIBLE_WITH_SPACES, field, errors,
                        "must be visible ASCII characters");
                case "authorization_url" -> authorizationUrl = url(text, field, errors);
                case "token_url" -> tokenUrl = url(text, field, errors);
                case "audience" -> audience = checked(text, 255, VISIBLE, field, errors,
                        "must be visible ASCII characters, without spaces (the upstream's client id or URI at the IdP)");
                case "token_endpoint_auth_method" -> tokenEndpointAuthMethod = tokenEndpointAuthMethod(text, field, errors);
                default -> throw new IllegalStateException(key);
            }
        }
        return new CredentialFields(headerName, secret, clientId, authorizationUrl, tokenUrl, scopes, audience, tokenEndpointAuthMethod);
    }

    /** An API key as it can travel in a header (also a connected account's), or null with an error at {@code field}. */
    public static String apiKey(String text, String field, List<FieldError> errors) {
        return checked(text, 4096, VISIBLE_WITH_SPACES, field, errors,
                "must be visible ASCII characters (spaces and tabs allowed): it is sent as an HTTP header");
    }

    /** A bearer token as it can travel in a header (also a connected account's), or null with an error at {@code field}. */
    public static String token(String text, String field, List<FieldError> errors) {
        return checked(text, 8192, VISIBLE, field, errors,
                "must be visible ASCII characters, without spaces: it is sent as an HTTP header");
    }

    /** These fields over {@code base}: a field given here wins. */
    public CredentialFields over(CredentialFields base) {
        return new CredentialFields(first(headerName, base.headerName), first(secret, base.secret), first(clientId, base.clientId),
                first(authorizationUrl, base.authorizationUrl), first(tokenUrl, base.tokenUrl),
                scopes != null ? scopes : base.scopes, first(audience, base.audience),
                first(tokenEndpointAuthMethod, base.tokenEndpointAuthMethod));
    }

    /** What a config of the scheme still lacks, with these fields. */
    public List<FieldError> missingFor(AuthScheme scheme, String path) {
        List<FieldError> missing = new ArrayList<>();
        if (scheme == AuthScheme.OAUTH2) {
            if (clientId == null) {
                missing.add(new FieldError(path + ".client_id", "is required for auth scheme OAUTH2"));
            }
            if (authorizationUrl == null) {
                missing.add(new FieldError(path + ".authorization_url", "is required for auth scheme OAUTH2 (the provider's authorization endpoint)"));
            }
            if (tokenUrl == null) {
                missing.add(new FieldError(path + ".token_url", "is required for auth scheme OAUTH2 (the provider's token endpoint)"));
            }
        }
        if (scheme == AuthScheme.TOKEN_EXCHANGE && audience == null) {
            missing.add(new FieldError(path + ".audience", "is required for auth scheme TOKEN_EXCHANGE (the audience the "
                    + "upstream accepts: its client id or URI at the IdP)"));
        }
        return missing;
    }

    private static String first(String given, String base) {
        return given != null ? given : base;
    }

    /** A string, or a number written as text (the SDK allows numbers, e.g. a numeric client id); else an error. */
    private static String text(JsonNode value, String field, List<FieldError> errors) {
        if (value != null && value.isTextual()) {
            return value.textValue();
        }
        if (value != null && value.isNumber()) {
            return value.asText();
        }
        errors.add(new FieldError(field, "must be a string"));
        return null;
    }

    private static String checked(String text, int max, Pattern allowed, String field, List<FieldError> errors, String message) {
        if (text.isEmpty()) {
            errors.add(new FieldError(field, "must not be empty"));
            return null;
        }
        if (text.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
            return null;
        }
        if (!allowed.matcher(text).matches()) {
            errors.add(new FieldError(field, message));
            return null;
        }
        return text;
    }

    private static String tokenEndpointAuthMethod(String text, String field, List<FieldError> errors) {
        if (!CLIENT_SECRET_BASIC.equals(text) && !CLIENT_SECRET_POST.equals(text)) {
            errors.add(new FieldError(field, "must be " + CLIENT_SECRET_BASIC + " (HTTP Basic, the default) or " + CLIENT_SECRET_POST
                    + " (client_id and client_secret in the token request's form)"));
            return null;
        }
        return text;
    }

    private static String headerName(String text, String field, List<FieldError> errors) {
        if (!HEADER_NAME.matcher(text).matches()) {
            errors.add(new FieldError(field, "must be a valid HTTP header name"));
            return null;
        }
        if (RESERVED_HEADERS.contains(text.toLowerCase(Locale.ROOT))) {
            errors.add(new FieldError(field, "'" + text + "' is set by the gateway itself; choose another header"));
            return null;
        }
        return text;
    }

    private static String url(String text, String field, List<FieldError> errors) {
        String problem = text.length() > 2048 ? "must be at most 2048 characters" : HttpUrls.problemWith(text);
        if (problem != null) {
            errors.add(new FieldError(field, problem));
            return null;
        }
        return text;
    }

    /** One string with scopes separated by commas or spaces (the SDK's way), or an array of strings. */
    private static List<String> scopes(JsonNode value, String field, List<FieldError> errors) {
        Set<String> scopes = new LinkedHashSet<>();
        if (value != null && value.isTextual()) {
            for (String scope : value.textValue().split("[,\\s]+")) {
                if (!scope.isEmpty()) {
                    scopes.add(scope);
                }
            }
        } else if (value != null && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                if (!value.get(i).isTextual()) {
                    errors.add(new FieldError(field + "[" + i + "]", "must be a string"));
                    return null;
                }
                scopes.add(value.get(i).textValue());
            }
        } else {
            errors.add(new FieldError(field, "must be a string (scopes separated by commas or spaces) or an array of strings"));
            return null;
        }
        if (scopes.size() > MAX_SCOPES) {
            errors.add(new FieldError(field, "must hold at most " + MAX_SCOPES + " scopes"));
            return null;
        }
        for (String scope : scopes) {
            if (!SCOPE.matcher(scope).matches()) {
                errors.add(new FieldError(field, "'" + scope + "' is not a valid OAuth scope (RFC 6749: visible ASCII, no spaces, quotes or backslashes)"));
                return null;
            }
        }
        return List.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "CredentialFields[headerName=" + headerName + ", secret=" + (secret == null ? null : "***") + ", clientId=" + clientId
                + ", authorizationUrl=" + authorizationUrl + ", tokenUrl=" + tokenUrl + ", scopes=" + scopes + ", audience=" + audience
                + ", tokenEndpointAuthMethod=" + tokenEndpointAuthMethod + "]";
    }
}
