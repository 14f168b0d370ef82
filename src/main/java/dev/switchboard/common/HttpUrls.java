package dev.switchboard.common;

import java.net.URI;
import java.net.URISyntaxException;

/** Validation of URLs that Switchboard will call or hand out. */
public final class HttpUrls {

    private HttpUrls() {
    }

    /** Null when {@code value} is an absolute http(s) URL with a host, else what is wrong with it. */
    public static String problemWith(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return "must be an http or https URL";
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                return "must name a host";
            }
            if (uri.getRawUserInfo() != null) {
                return "must not carry credentials; use an auth config";
            }
            return null;
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
    }
}
