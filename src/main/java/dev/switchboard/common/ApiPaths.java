package dev.switchboard.common;

/** The management API's root; the Composio SDK calls its v3.1 paths. */
public final class ApiPaths {

    public static final String ROOT = "/api/v3.1";

    private ApiPaths() {
    }
}
