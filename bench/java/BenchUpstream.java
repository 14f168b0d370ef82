import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fast MCP server for the benchmark, so the upstream costs little next to what is measured in front
 * of it. Streamable HTTP: POST {@code /mcp} answers JSON, POST {@code /mcp-sse} answers the same as an
 * event stream (one {@code message} event, chunked, as streaming servers send it); {@code --sse} makes
 * SSE the answer on {@code /mcp} too. Answers initialize (with an {@code Mcp-Session-Id}), ping,
 * tools/list and tools/call of one tool, {@code echo}; notifications and client responses get 202. No
 * standalone stream (GET is 405) and sessions are not stored: any session id is accepted. A {@code delay}
 * query parameter (milliseconds) delays its tools/list answers: the slow upstream of the fan-out runs.
 *
 * <pre>java -cp … BenchUpstream [--instances 2] [--sse]</pre>
 * Listens on a free port of 127.0.0.1 and prints {@code LISTENING <port>}.
 */
public class BenchUpstream extends AbstractVerticle {

    private static final Buffer TOOLS = Buffer.buffer(new JsonObject().put("tools", new JsonArray().add(new JsonObject()
            .put("name", "echo")
            .put("description", "Echoes back the input")
            .put("inputSchema", new JsonObject().put("type", "object")
                    .put("properties", new JsonObject().put("message", new JsonObject().put("type", "string")))
                    .put("required", new JsonArray().add("message"))))).encode());

    private final int port;
    private final boolean sseByDefault;
    private final List<Integer> ports;

    BenchUpstream(int port, boolean sseByDefault, List<Integer> ports) {
        this.port = port;
        this.sseByDefault = sseByDefault;
        this.ports = ports;
    }

    public static void main(String[] args) {
        int instances = Integer.parseInt(Args.of(args).get("--instances", "2"));
        boolean sse = Args.of(args).has("--sse");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(instances));
        // Port -1: every instance's server shares one free port, and Vert.x spreads connections over them.
        List<Integer> ports = new CopyOnWriteArrayList<>();
        vertx.deployVerticle(() -> new BenchUpstream(-1, sse, ports), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> System.out.println("LISTENING " + ports.get(0)))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public void start(Promise<Void> started) {
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
                .requestHandler(this::handle)
                .listen()
                .onSuccess(server -> {
                    ports.add(server.actualPort());
                    started.complete();
                })
                .onFailure(started::fail);
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (!path.equals("/mcp") && !path.equals("/mcp-sse")) {
            request.response().setStatusCode(404).end();
            return;
        }
        if (request.method() == HttpMethod.DELETE) {
            request.response().setStatusCode(200).end();
            return;
        }
        if (request.method() != HttpMethod.POST) {
            request.response().setStatusCode(405).putHeader("Allow", "POST, DELETE").end();
            return;
        }
        boolean sse = sseByDefault || path.equals("/mcp-sse");
        long delay = request.getParam("delay") == null ? 0 : Long.parseLong(request.getParam("delay"));
        request.body().onSuccess(body -> answer(request, body, sse, delay));
    }

    private void answer(HttpServerRequest request, Buffer body, boolean sse, long listDelay) {
        JsonObject message;
        try {
            message = body.toJsonObject();
        } catch (RuntimeException e) {
            request.response().setStatusCode(400).end();
            return;
        }
        Object id = message.getValue("id");
        String method = message.getString("method");
        if (id == null || method == null) {
            request.response().setStatusCode(202).end();
            return;
        }
        boolean initialize = method.equals("initialize");
        if (!initialize && request.getHeader("Mcp-Session-Id") == null) {
            request.response().setStatusCode(400).end("missing Mcp-Session-Id");
            return;
        }
        Buffer answer = Buffer.buffer(96).appendString("{\"jsonrpc\":\"2.0\",\"id\":")
                .appendString(Json.encode(id));
        switch (method) {
            case "initialize" -> {
                String version = message.getJsonObject("params", new JsonObject()).getString("protocolVersion", "2025-06-18");
                answer.appendString(",\"result\":").appendString(new JsonObject()
                        .put("protocolVersion", version)
                        .put("capabilities", new JsonObject().put("tools", new JsonObject().put("listChanged", false)))
                        .put("serverInfo", new JsonObject().put("name", "bench-upstream").put("version", "1")).encode());
                request.response().putHeader("Mcp-Session-Id", UUID.randomUUID().toString());
            }
            case "ping" -> answer.appendString(",\"result\":{}");
            case "tools/list" -> answer.appendString(",\"result\":").appendBuffer(TOOLS);
            case "tools/call" -> {
                JsonObject params = message.getJsonObject("params", new JsonObject());
                if (!"echo".equals(params.getString("name"))) {
                    answer.appendString(",\"error\":{\"code\":-32602,\"message\":\"Unknown tool\"}");
                } else {
                    String text = "Echo: " + params.getJsonObject("arguments", new JsonObject()).getString("message", "");
                    answer.appendString(",\"result\":{\"content\":[{\"type\":\"text\",\"text\":")
                            .appendString(Json.encode(text)).appendString("}]}");
                }
            }
            default -> answer.appendString(",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}");
        }
        answer.appendString("}");
        if (listDelay > 0 && method.equals("tools/list")) {
            vertx.setTimer(listDelay, t -> send(request, answer, sse));
        } else {
            send(request, answer, sse);
        }
    }

    private static void send(HttpServerRequest request, Buffer answer, boolean sse) {
        if (sse) {
            request.response().putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache")
                    .setChunked(true)
                    .end(Buffer.buffer(answer.length() + 24).appendString("event: message\ndata: ").appendBuffer(answer).appendString("\n\n"));
        } else {
            request.response().putHeader("Content-Type", "application/json").end(answer);
        }
    }
}
