package dev.switchboard.gateway.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code WWW-Authenticate: Bearer} value (RFC 6750 §3, with RFC 9728's {@code resource_metadata}), as the
 * MCP authorization spec has clients read it: where the metadata is, which scopes to ask for, and for a
 * refused token, why ({@code invalid_token}: log in again; {@code insufficient_scope}: ask for more). No I/O.
 */
public record BearerChallenge(String resourceMetadata, List<String> scopes, String error, String description) {

    public static final String INVALID_TOKEN = "invalid_token";
    public static final String INSUFFICIENT_SCOPE = "insufficient_scope";

    @Override
    public String toString() {
        List<String> params = new ArrayList<>();
        if (error != null) {
            params.add("error=\"" + error + "\"");
        }
        if (description != null) {
            params.add("error_description=\"" + quotable(description) + "\"");
        }
        if (!scopes.isEmpty()) {
            params.add("scope=\"" + quotable(String.join(" ", scopes)) + "\"");
        }
        params.add("resource_metadata=\"" + quotable(resourceMetadata) + "\"");
        return "Bearer " + String.join(", ", params);
    }

    /** RFC 6750 allows only printable ASCII without '"' and '\' inside these quoted values. */
    private static String quotable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?');
        }
        return out.toString();
    }
}
