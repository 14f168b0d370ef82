package dev.switchboard.gateway.fanout;

/** The lists a client can ask for, each merged from every upstream that declared the capability. */
public enum ListKind {
    TOOLS("tools/list", "tools", "name", "tools"),
    PROMPTS("prompts/list", "prompts", "name", "prompts"),
    RESOURCES("resources/list", "resources", "uri", "resources"),
    RESOURCE_TEMPLATES("resources/templates/list", "resourceTemplates", "uriTemplate", "resources");

    /** The JSON-RPC method. */
    public final String method;
    /** The array in the result. */
    public final String field;
    /** The member of an item that the namespace rewrites. */
    public final String key;
    /** The upstream capability it needs. */
    public final String capability;

    ListKind(String method, String field, String key, String capability) {
        this.method = method;
        this.field = field;
        this.key = key;
        this.capability = capability;
    }

    public static ListKind of(String method) {
        for (ListKind kind : values()) {
            if (kind.method.equals(method)) {
                return kind;
            }
        }
        return null;
    }

    public boolean isUri() {
        return this == RESOURCES || this == RESOURCE_TEMPLATES;
    }
}
