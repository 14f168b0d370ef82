package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.fanout.ListAggregator;
import dev.switchboard.gateway.fanout.ListKind;
import dev.switchboard.gateway.protocol.JsonRpc;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.UnaryOperator;

/**
 * A list request answered from every upstream of the exchange, one page at the client's cursor; the tools list
 * ends with the connection-management tools where they are offered.
 */
@ApplicationScoped
class ListAnswers {

    @Inject
    ListAggregator lists;

    @Inject
    SwitchboardConfig config;

    /** {@code finish} adds what the client's protocol revision puts on a list result. */
    Uni<Void> answer(McpExchange exchange, JsonNode id, ListKind kind, String cursor, UnaryOperator<ObjectNode> finish) {
        return lists.list(exchange.call().server(), exchange.state(), exchange.sessionId(), kind)
                .map(items -> ConnectionTools.withTools(exchange, kind, items)).invoke(items -> {
            ObjectNode result;
            try {
                result = ListAggregator.page(items, kind, cursor, Math.max(1, config.gateway().listPageSize()));
            } catch (IllegalArgumentException badCursor) {
                exchange.reply().send(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid cursor"));
                return;
            }
            exchange.reply().send(JsonRpc.result(id, finish.apply(result)));
        }).replaceWithVoid();
    }
}
