package dev.switchboard.gateway.fanout;

/**
 * How upstream names reach clients. With the prefix on (the default), a tool or prompt is exposed as
 * {@code <toolkit slug>__<name>} and a resource URI as {@code <toolkit slug>+<uri>} (read like
 * {@code git+ssh://}), so several upstreams never collide and every name says which upstream owns it.
 * With the prefix off, names and URIs pass unchanged and the owner is found by listing.
 */
public final class Namespace {

    public static final String SEPARATOR = "__";
    public static final String URI_SEPARATOR = "+";

    /** An exposed name or URI taken apart: the owning toolkit's slug and the upstream's own name. */
    public record Owned(String slug, String name) {
    }

    private Namespace() {
    }

    public static String expose(String slug, String upstreamName) {
        return slug + SEPARATOR + upstreamName;
    }

    public static String expose(boolean prefixed, String slug, String upstreamName) {
        return prefixed ? expose(slug, upstreamName) : upstreamName;
    }

    public static String exposeUri(boolean prefixed, String slug, String uri) {
        return prefixed ? slug + URI_SEPARATOR + uri : uri;
    }

    /** The slug and upstream name of an exposed name, or null when it carries no prefix. */
    public static Owned split(String exposedName) {
        return split(exposedName, SEPARATOR);
    }

    /** The slug and upstream URI of an exposed URI, or null when it carries no prefix. */
    public static Owned splitUri(String exposedUri) {
        return split(exposedUri, URI_SEPARATOR);
    }

    private static Owned split(String exposed, String separator) {
        int at = exposed == null ? -1 : exposed.indexOf(separator);
        if (at <= 0 || at + separator.length() >= exposed.length()) {
            return null;
        }
        return new Owned(exposed.substring(0, at), exposed.substring(at + separator.length()));
    }
}
