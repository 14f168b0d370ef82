package dev.switchboard.gateway.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.mcpsession.McpSessionState;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which upstream serves a request that addresses one tool, prompt or resource, and under which of its
 * own names. Prefixed names say it themselves; unprefixed ones are looked up in the merged lists (a
 * server with one toolkit needs no lookup).
 */
@Singleton
public class MessageRoutes {

    /** The methods routed to one upstream. */
    public static final List<String> METHODS = List.of("tools/call", "prompts/get", "resources/read", "resources/subscribe",
            "resources/unsubscribe", "completion/complete");

    /** The owning upstream and the name or URI it knows the addressed thing by. */
    public record Route(UpstreamTarget target, String upstreamKey) {
    }

    /** What a request addresses: the exposed name or URI and where to look it up. */
    public record Address(String exposed, List<ListKind> kinds) {

        boolean isUri() {
            return kinds.get(0).isUri();
        }
    }

    @Inject
    ListAggregator lists;

    /** What a routed request addresses, or null when it names nothing (the params are invalid). */
    public static Address address(String method, JsonNode params) {
        return switch (method) {
            case "tools/call" -> addressOf(params.path("name"), List.of(ListKind.TOOLS));
            case "prompts/get" -> addressOf(params.path("name"), List.of(ListKind.PROMPTS));
            case "resources/read", "resources/subscribe", "resources/unsubscribe" ->
                    addressOf(params.path("uri"), List.of(ListKind.RESOURCES, ListKind.RESOURCE_TEMPLATES));
            case "completion/complete" -> switch (params.path("ref").path("type").asText()) {
                case "ref/prompt" -> addressOf(params.path("ref").path("name"), List.of(ListKind.PROMPTS));
                case "ref/resource" -> addressOf(params.path("ref").path("uri"),
                        List.of(ListKind.RESOURCE_TEMPLATES, ListKind.RESOURCES));
                default -> null;
            };
            default -> null;
        };
    }

    private static Address addressOf(JsonNode exposed, List<ListKind> kinds) {
        return exposed.isTextual() && !exposed.textValue().isEmpty() ? new Address(exposed.textValue(), kinds) : null;
    }

    /** The route of an address, or null when no upstream of the server owns it. */
    public Uni<Route> route(ResolvedServer server, McpSessionState state, String clientSessionId, Address address) {
        if (server.prefixNames()) {
            Namespace.Owned owned = address.isUri() ? Namespace.splitUri(address.exposed()) : Namespace.split(address.exposed());
            UpstreamTarget target = owned == null ? null : server.upstream(owned.slug());
            return Uni.createFrom().item(target == null ? null : new Route(target, owned.name()));
        }
        if (server.upstreams().size() == 1) {
            return Uni.createFrom().item(new Route(server.upstreams().get(0), address.exposed()));
        }
        return lookup(server, state, clientSessionId, address, 0);
    }

    /** Sets the upstream's own name or URI in an upstream-bound copy of the request's params. */
    public static void rename(String method, ObjectNode params, String upstreamKey) {
        switch (method) {
            case "tools/call", "prompts/get" -> params.put("name", upstreamKey);
            case "completion/complete" -> {
                ObjectNode ref = (ObjectNode) params.get("ref");
                ref.put("ref/prompt".equals(ref.path("type").asText()) ? "name" : "uri", upstreamKey);
            }
            default -> params.put("uri", upstreamKey);
        }
    }

    private Uni<Route> lookup(ResolvedServer server, McpSessionState state, String clientSessionId, Address address, int kindIndex) {
        if (kindIndex >= address.kinds().size()) {
            return Uni.createFrom().nullItem();
        }
        ListKind kind = address.kinds().get(kindIndex);
        return lists.list(server, state, clientSessionId, kind).chain(items -> {
            for (ListAggregator.Listed listed : items) {
                String exposed = listed.item().path(kind.key).asText();
                if (kind == ListKind.RESOURCE_TEMPLATES ? matches(exposed, address.exposed()) : exposed.equals(address.exposed())) {
                    return Uni.createFrom().item(new Route(server.upstream(listed.slug()), address.exposed()));
                }
            }
            return lookup(server, state, clientSessionId, address, kindIndex + 1);
        });
    }

    /** Whether a URI fits an RFC 6570 template, each expression standing for one or more characters. */
    static boolean matches(String template, String uri) {
        StringBuilder regex = new StringBuilder();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (close < 0) {
                regex.append(Pattern.quote(template.substring(at)));
                break;
            }
            regex.append(Pattern.quote(template.substring(at, open))).append(".+?");
            at = close + 1;
        }
        return Pattern.matches(regex.toString(), uri);
    }
}
