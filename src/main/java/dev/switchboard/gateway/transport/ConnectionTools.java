package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.gateway.ConnectionLinkIssuer;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.UserConnectionDirectory;
import dev.switchboard.gateway.UserConnectionDirectory.Connection;
import dev.switchboard.gateway.fanout.ListAggregator.Listed;
import dev.switchboard.gateway.fanout.ListKind;
import dev.switchboard.gateway.relay.ClientStream;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The connection-management tools a server or session offers its user ({@link ConnectionToolSchemas}): list the
 * user's connections, start one (a link), wait for one. Offered unless the server turned connection management off
 * ({@code managed_auth_via_composio} false, a session's {@code manage_connections.enable} false) or the URL did
 * ({@code manage_connections=false}, which {@code generate} adds). They are answered here, after the same stages
 * as every call; unlike a list, a call reads the database. A missing connection's tool error carries a fresh link.
 * Where the client can be asked to open a URL, the start tool asks the user itself ({@link ConnectionElicitation}).
 */
@ApplicationScoped
class ConnectionTools {

    private static final Logger LOG = Logger.getLogger(ConnectionTools.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> SETTLED = Set.of("ACTIVE", "FAILED", "EXPIRED", "REVOKED", "INACTIVE");

    @Inject
    ConnectionLinkIssuer links;

    @Inject
    UserConnectionDirectory connections;

    @Inject
    ConnectionElicitation elicitation;

    @Inject
    Vertx vertx;

    /** Whether the exchange's URL offers the tools: connection management is on and a toolkit can be connected. */
    static boolean offered(McpExchange exchange) {
        return exchange.call().server().manageConnections()
                && !"false".equalsIgnoreCase(exchange.ctx().queryParams().get("manage_connections"))
                && !connectable(exchange.call()).isEmpty();
    }

    /** Whether a tools/call names one of these tools where they are offered. */
    static boolean serves(McpExchange exchange, String toolName) {
        return ConnectionToolSchemas.NAMES.contains(toolName) && offered(exchange);
    }

    /** A tools list with these tools added at its end, where offered. */
    static List<Listed> withTools(McpExchange exchange, ListKind kind, List<Listed> items) {
        if (kind != ListKind.TOOLS || !offered(exchange)) {
            return items;
        }
        List<Listed> all = new ArrayList<>(items);
        ConnectionToolSchemas.tools(connectable(exchange.call())).forEach(tool -> all.add(new Listed(null, tool.path("name").asText(), tool)));
        return all;
    }

    /** The result of a call to one of the tools (a tool error when it cannot do what was asked). */
    Uni<ObjectNode> call(McpExchange exchange, String toolName, JsonNode arguments) {
        Uni<ObjectNode> answer = switch (toolName) {
            case ConnectionToolSchemas.LIST -> list(exchange.call());
            case ConnectionToolSchemas.START -> start(exchange, arguments.path("toolkit").asText(null));
            default -> waitFor(exchange.call(), arguments.path("connected_account_id").asText(null),
                    arguments.path("timeout_seconds").asInt(ConnectionToolSchemas.DEFAULT_WAIT_SECONDS));
        };
        return answer.onFailure().recoverWithItem(failure -> {
            LOG.warnf("%s failed: %s", toolName, failure.getMessage());
            return error(failure instanceof ProblemException problem ? problem.getMessage() : toolName + " failed; try again");
        });
    }

    /**
     * The tool error for a call to an upstream the user has no connection for: its reason and a fresh link; if no
     * link can be made (an OAuth2 config before its flow exists), the reason and how to connect otherwise.
     */
    Uni<ObjectNode> missingConnection(GatewayCall call, UpstreamTarget target) {
        return links.issue(call.server().tenantId(), call.userId(), target.slug(), target.need().authConfigId())
                .map(link -> error(target.unusable() + " To connect, open " + link.redirectUrl()
                        + " (it works once, for 10 minutes); connected_account_id: " + link.connectedAccountId() + "."))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("No link for %s: %s", target.slug(), failure.getMessage());
                    return error(target.unusable() + " POST /api/v3.1/connected_accounts connects an account.");
                });
    }

    private Uni<ObjectNode> list(GatewayCall call) {
        List<String> slugs = call.server().upstreams().stream().map(UpstreamTarget::slug).toList();
        return connections.connections(call.server().tenantId(), call.userId(), slugs).map(found -> {
            ObjectNode result = JSON.objectNode();
            ArrayNode toolkits = result.putArray("toolkits");
            for (UpstreamTarget target : call.server().upstreams()) {
                ObjectNode toolkit = toolkits.addObject().put("toolkit", target.slug()).put("connection", need(target))
                        .put("usable", target.isUsable());
                ArrayNode accounts = toolkit.putArray("connected_accounts");
                found.stream().filter(c -> c.toolkit().equals(target.slug())).forEach(c -> accounts.add(view(c)));
            }
            return ok(result);
        });
    }

    private Uni<ObjectNode> start(McpExchange exchange, String slug) {
        GatewayCall call = exchange.call();
        UpstreamTarget target = slug == null ? null : call.server().upstream(slug);
        if (target == null) {
            return Uni.createFrom().item(error("Unknown toolkit '" + slug + "'; connectable here: " + connectable(call)));
        }
        if (target.need() == null || !target.need().connectable()) {
            return Uni.createFrom().item(error("Toolkit '" + slug + "' needs no connection of the user's own"));
        }
        return links.issue(call.server().tenantId(), call.userId(), slug, target.need().authConfigId()).chain(link -> {
            ObjectNode started = JSON.objectNode().put("toolkit", slug).put("connected_account_id", link.connectedAccountId())
                    .put("redirect_url", link.redirectUrl()).put("expires_at", link.expiresAt().toString());
            String showTheLink = "Show redirect_url to the user; then call " + ConnectionToolSchemas.WAIT + ".";
            if (!ConnectionElicitation.possible(exchange)) {
                return Uni.createFrom().item(ok(started.put("next", showTheLink)));
            }
            return askTheUser(exchange, started, link.connectedAccountId(), link.redirectUrl(), link.expiresAt(), showTheLink);
        });
    }

    /**
     * The client shows the user the link itself (URL-mode elicitation); once the user agreed to open it, the call
     * waits for the connection as {@link ConnectionToolSchemas#WAIT} would, and a session client is told when it is over.
     */
    private Uni<ObjectNode> askTheUser(McpExchange exchange, ObjectNode started, String accountId, String url, Instant expiresAt,
            String showTheLink) {
        ClientStream stream = exchange.reply().openStream();
        Duration patience = Duration.between(Instant.now(), expiresAt);
        String slug = started.path("toolkit").asText();
        return elicitation.ask(exchange, stream, slug, url, accountId, patience).chain(answer -> switch (answer) {
            case ACCEPTED -> poll(exchange.call(), accountId, deadline(ConnectionToolSchemas.MAX_WAIT_SECONDS)).invoke(result -> {
                if ("ACTIVE".equals(result.path("structuredContent").path("status").asText())) {
                    ConnectionElicitation.completed(exchange, stream, accountId);
                }
            }).map(result -> withUserAnswer(result, "accept"));
            case DECLINED, CANCELLED -> Uni.createFrom().item(ok(started.put("user_answer",
                    answer == ConnectionElicitation.UserAnswer.DECLINED ? "decline" : "cancel")
                    .put("next", "The user did not open the link now. It stays valid until expires_at: show redirect_url if "
                            + "they change their mind, then call " + ConnectionToolSchemas.WAIT + ".")));
            case NONE -> Uni.createFrom().item(ok(started.put("next", showTheLink)));
        });
    }

    /** Polls the account once a second until it settles or the bound passes; never longer than the bound. */
    private Uni<ObjectNode> waitFor(GatewayCall call, String accountId, int seconds) {
        if (accountId == null || accountId.isBlank()) {
            return Uni.createFrom().item(error("connected_account_id is required"));
        }
        return poll(call, accountId, deadline(Math.max(1, Math.min(seconds, ConnectionToolSchemas.MAX_WAIT_SECONDS))));
    }

    private static long deadline(int seconds) {
        return System.nanoTime() + seconds * 1_000_000_000L;
    }

    private Uni<ObjectNode> poll(GatewayCall call, String accountId, long deadline) {
        return connections.connection(call.server().tenantId(), call.userId(), accountId).chain(found -> {
            if (found == null) {
                return Uni.createFrom().item(error("The user has no connected account '" + accountId + "'"));
            }
            if (SETTLED.contains(found.status())) {
                ObjectNode view = view(found);
                return Uni.createFrom().item("ACTIVE".equals(found.status()) ? ok(view)
                        : error("The connection is " + found.status() + (found.statusReason() == null ? "" : ": " + found.statusReason())));
            }
            if (System.nanoTime() + 1_000_000_000L > deadline) {
                return Uni.createFrom().item(ok(view(found).put("next", "Still " + found.status() + "; call "
                        + ConnectionToolSchemas.WAIT + " again to keep waiting.")));
            }
            return Uni.createFrom().<Void>emitter(tick -> vertx.setTimer(1000, id -> tick.complete(null)))
                    .chain(() -> poll(call, accountId, deadline));
        });
    }

    private static List<String> connectable(GatewayCall call) {
        return call.server().upstreams().stream().filter(t -> t.need() != null && t.need().connectable()).map(UpstreamTarget::slug)
                .toList();
    }

    private static String need(UpstreamTarget target) {
        if (target.need() == null || !target.need().connectable()) {
            return "not_needed";
        }
        return target.need().required() ? "required" : "optional";
    }

    private static ObjectNode view(Connection c) {
        ObjectNode view = JSON.objectNode().put("connected_account_id", c.accountId()).put("toolkit", c.toolkit())
                .put("auth_config_id", c.authConfigId()).put("auth_scheme", c.authScheme()).put("status", c.status());
        view.put("status_reason", c.statusReason());
        return view.put("updated_at", c.updatedAt().toString());
    }

    /** A result of the wait, saying what the user answered when asked to open the link. */
    private static ObjectNode withUserAnswer(ObjectNode result, String answer) {
        if (result.get("structuredContent") instanceof ObjectNode structured) {
            return ok(structured.put("user_answer", answer));
        }
        return result;
    }

    private static ObjectNode ok(ObjectNode structured) {
        ObjectNode result = JSON.objectNode();
        result.putArray("content").addObject().put("type", "text").put("text", structured.toString());
        result.set("structuredContent", structured);
        return result.put("isError", false);
    }

    static ObjectNode error(String text) {
        ObjectNode result = JSON.objectNode().put("isError", true);
        result.putArray("content").addObject().put("type", "text").put("text", text);
        return result;
    }
}
