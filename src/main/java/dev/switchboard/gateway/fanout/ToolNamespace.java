package dev.switchboard.gateway.fanout;

/** Exposed tool names: {@code <toolkit slug>__<upstream name>}, so tools of different upstreams never collide. */
public final class ToolNamespace {

    public static final String SEPARATOR = "__";

    private ToolNamespace() {
    }

    public static String expose(String slug, String upstreamName) {
        return slug + SEPARATOR + upstreamName;
    }

    /** The slug and upstream name of an exposed name, or null when it carries no prefix. */
    public static String[] split(String exposedName) {
        int at = exposedName.indexOf(SEPARATOR);
        if (at <= 0 || at + SEPARATOR.length() >= exposedName.length()) {
            return null;
        }
        return new String[] {exposedName.substring(0, at), exposedName.substring(at + SEPARATOR.length())};
    }
}
