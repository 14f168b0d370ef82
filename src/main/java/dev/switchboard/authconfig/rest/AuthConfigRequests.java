package dev.switchboard.authconfig.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the auth config API. Secrets come in here and never go out again. */
public final class AuthConfigRequests {

    static final String SCHEMES = "none|api_key|bearer";
    static final String SCHEME_MESSAGE = "must be none, api_key or bearer";
    /** What an HTTP header value may hold as it is (UpstreamCredential.isHeaderSafe): visible ASCII, spaces and tabs. */
    static final String HEADER_VALUE = "[\\x20-\\x7e\\t]*";
    static final String HEADER_VALUE_MESSAGE = "must be visible ASCII characters (spaces and tabs allowed): it is sent as an HTTP header";

    private AuthConfigRequests() {
    }

    /** {@code header_name} + {@code api_key} for scheme api_key; {@code token} for bearer; nothing for none. */
    public record Credentials(
            @Size(max = 100) @Pattern(regexp = "[!#$%&'*+.^_`|~0-9A-Za-z-]+", message = "must be a valid HTTP header name")
            String headerName,
            @Size(max = 4096) @Pattern(regexp = HEADER_VALUE, message = HEADER_VALUE_MESSAGE) String apiKey,
            @Size(max = 8192) @Pattern(regexp = "[\\x21-\\x7e]*", message = "must be visible ASCII characters, without spaces")
            String token) {

        public boolean isEmpty() {
            return headerName == null && apiKey == null && token == null;
        }
    }

    public record Create(
            @NotBlank @Size(max = 32) String toolkit,
            @Size(max = 100) String name,
            @NotBlank @Pattern(regexp = SCHEMES, message = SCHEME_MESSAGE) String authScheme,
            @Valid Credentials credentials) {
    }

    /** Absent fields stay as they are; changing the scheme needs the new scheme's credentials. */
    public record Update(
            @Size(min = 1, max = 100) String name,
            @Pattern(regexp = SCHEMES, message = SCHEME_MESSAGE) String authScheme,
            @Valid Credentials credentials) {
    }
}
