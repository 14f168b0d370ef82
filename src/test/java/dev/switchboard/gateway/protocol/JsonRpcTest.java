package dev.switchboard.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRpcTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"tools/list\",\"params\":{}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"s:x:1\",\"result\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"x\"}}"})
    void acceptsWhatJsonRpcAndMcpAllow(String message) throws Exception {
        assertNull(JsonRpc.invalidReason(JSON.readTree(message)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1,2]|expected one JSON-RPC 2.0 message",
        "{\"id\":1,\"method\":\"ping\"}|expected one JSON-RPC 2.0 message",
        "{\"jsonrpc\":\"2.0\",\"id\":1.5e400,\"method\":\"ping\"}|the id must be a string or an integer",
        "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}|the id must be a string or an integer",
        "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}|the id must be a string or an integer",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":42}|the method must be a string",
        "{\"jsonrpc\":\"2.0\",\"method\":\"initialize\",\"params\":{}}|initialize must be a request (with an id)",
        "{\"jsonrpc\":\"2.0\",\"id\":1}|not a JSON-RPC request, notification or response"})
    void refusesWhatItMustNot(String message, String why) throws Exception {
        assertEquals(why, JsonRpc.invalidReason(JSON.readTree(message)));
    }
}
