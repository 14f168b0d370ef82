package dev.switchboard.authconfig;

/** The header Switchboard sends to an upstream for an auth config; never logged or returned by the API. */
public record UpstreamCredential(String headerName, String headerValue) {

    @Override
    public String toString() {
        return "UpstreamCredential[" + headerName + ": ***]";
    }
}
