import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonObject;

/** An HTTP answer and the JSON-RPC messages in it. */
record McpAnswer(HttpClientResponse response, Buffer body) {

    int status() {
        return response.statusCode();
    }

    String text(int max) {
        String text = body.toString();
        return text.length() > max ? text.substring(0, max) : text;
    }

    /** The response to request {@code id}, from a JSON body or from the events of a stream. */
    JsonObject message(long id) {
        String type = response.getHeader("Content-Type");
        try {
            if (type != null && type.startsWith("text/event-stream")) {
                for (String line : body.toString().split("\n")) {
                    if (line.startsWith("data:")) {
                        JsonObject message = responseTo(new JsonObject(line.substring(5).trim()), id);
                        if (message != null) {
                            return message;
                        }
                    }
                }
                return null;
            }
            return responseTo(body.toJsonObject(), id);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static JsonObject responseTo(JsonObject message, long id) {
        return message.getValue("id") instanceof Number number && number.longValue() == id
                && (message.containsKey("result") || message.containsKey("error")) ? message : null;
    }
}
