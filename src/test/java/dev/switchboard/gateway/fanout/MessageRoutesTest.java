package dev.switchboard.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.fanout.MessageRoutes.Address;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode params(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    // ---- address

    @Test
    void aToolCallAddressesAToolByName() {
        Address address = MessageRoutes.address("tools/call", params("{\"name\":\"gh__search\",\"arguments\":{\"name\":\"x\"}}"));

        assertEquals(new Address("gh__search", List.of(ListKind.TOOLS)), address);
        assertFalse(address.isUri());
    }

    @Test
    void aPromptGetAddressesAPromptByName() {
        assertEquals(new Address("gh__review", List.of(ListKind.PROMPTS)),
                MessageRoutes.address("prompts/get", params("{\"name\":\"gh__review\"}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"resources/read", "resources/subscribe", "resources/unsubscribe"})
    void aResourceRequestAddressesAResourceThenATemplateByUri(String method) {
        Address address = MessageRoutes.address(method, params("{\"uri\":\"gh+file:///a\"}"));

        assertEquals(new Address("gh+file:///a", List.of(ListKind.RESOURCES, ListKind.RESOURCE_TEMPLATES)), address);
        assertTrue(address.isUri());
    }

    @Test
    void aPromptCompletionAddressesThePromptOfItsRef() {
        Address address = MessageRoutes.address("completion/complete",
                params("{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"gh__review\"},\"argument\":{\"name\":\"a\",\"value\":\"b\"}}"));

        assertEquals(new Address("gh__review", List.of(ListKind.PROMPTS)), address);
        assertFalse(address.isUri());
    }

    @Test
    void aResourceCompletionAddressesATemplateThenAResourceByTheUriOfItsRef() {
        Address address = MessageRoutes.address("completion/complete",
                params("{\"ref\":{\"type\":\"ref/resource\",\"uri\":\"gh+db://{table}\"},\"argument\":{\"name\":\"table\",\"value\":\"u\"}}"));

        assertEquals(new Address("gh+db://{table}", List.of(ListKind.RESOURCE_TEMPLATES, ListKind.RESOURCES)), address);
        assertTrue(address.isUri());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tools/call|{}",
            "tools/call|{\"name\":\"\"}",
            "tools/call|{\"name\":7}",
            "tools/call|{\"name\":null}",
            "tools/call|{\"uri\":\"file:///a\"}",
            "prompts/get|{\"name\":{\"n\":\"x\"}}",
            "resources/read|{\"name\":\"x\"}",
            "resources/read|{\"uri\":\"\"}",
            "completion/complete|{\"ref\":{\"type\":\"ref/tool\",\"name\":\"x\"}}",
            "completion/complete|{\"ref\":{\"name\":\"x\"}}",
            "completion/complete|{\"ref\":{\"type\":\"ref/prompt\",\"uri\":\"x\"}}",
            "completion/complete|{\"ref\":{\"type\":\"ref/resource\",\"name\":\"x\"}}",
            "completion/complete|{}",
            "tools/list|{\"name\":\"x\"}",
            "logging/setLevel|{\"name\":\"x\"}"})
    void aRequestThatNamesNothingRoutableHasNoAddress(String method, String params) {
        assertNull(MessageRoutes.address(method, params(params)));
    }

    @Test
    void aRequestWithoutParamsHasNoAddress() {
        JsonNode missing = params("{}").path("params");

        assertTrue(missing instanceof MissingNode);
        assertNull(MessageRoutes.address("tools/call", missing));
        assertNull(MessageRoutes.address("completion/complete", missing));
    }

    @Test
    void everyRoutedMethodHasAnAddress() {
        for (String method : MessageRoutes.METHODS) {
            ObjectNode params = params("{\"name\":\"n\",\"uri\":\"u\",\"ref\":{\"type\":\"ref/prompt\",\"name\":\"n\"}}");
            assertNotNull(MessageRoutes.address(method, params), method);
        }
    }

    // ---- rename

    @Test
    void renamingAToolCallSetsTheUpstreamsToolNameOnly() {
        ObjectNode params = params("{\"name\":\"gh__search\",\"arguments\":{\"name\":\"kept\"}}");

        MessageRoutes.rename("tools/call", params, "search");

        assertEquals(params("{\"name\":\"search\",\"arguments\":{\"name\":\"kept\"}}"), params);
    }

    @Test
    void renamingAPromptGetSetsTheUpstreamsPromptName() {
        ObjectNode params = params("{\"name\":\"gh__review\",\"arguments\":{}}");

        MessageRoutes.rename("prompts/get", params, "review");

        assertEquals(params("{\"name\":\"review\",\"arguments\":{}}"), params);
    }

    @ParameterizedTest
    @ValueSource(strings = {"resources/read", "resources/subscribe", "resources/unsubscribe"})
    void renamingAResourceRequestSetsTheUpstreamsUri(String method) {
        ObjectNode params = params("{\"uri\":\"gh+file:///a\"}");

        MessageRoutes.rename(method, params, "file:///a");

        assertEquals(params("{\"uri\":\"file:///a\"}"), params);
    }

    @Test
    void renamingAPromptCompletionSetsTheNameOfItsRef() {
        ObjectNode params = params("{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"gh__review\"},\"argument\":{\"name\":\"a\",\"value\":\"b\"}}");

        MessageRoutes.rename("completion/complete", params, "review");

        assertEquals(params("{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"review\"},\"argument\":{\"name\":\"a\",\"value\":\"b\"}}"),
                params);
    }

    @Test
    void renamingAResourceCompletionSetsTheUriOfItsRef() {
        ObjectNode params = params("{\"ref\":{\"type\":\"ref/resource\",\"uri\":\"gh+db://{table}\"},\"argument\":{\"name\":\"table\",\"value\":\"u\"}}");

        MessageRoutes.rename("completion/complete", params, "db://{table}");

        assertEquals(params("{\"ref\":{\"type\":\"ref/resource\",\"uri\":\"db://{table}\"},\"argument\":{\"name\":\"table\",\"value\":\"u\"}}"),
                params);
    }

    @Test
    void addressThenRenameGivesTheUpstreamTheNameItKnows() {
        ObjectNode params = params("{\"name\":\"my_tools__list_issues\",\"arguments\":{}}");
        Address address = MessageRoutes.address("tools/call", params);
        Namespace.Owned owned = Namespace.split(address.exposed());

        MessageRoutes.rename("tools/call", params, owned.name());

        assertEquals("my_tools", owned.slug());
        assertEquals("list_issues", params.path("name").asText());
    }

    // ---- matches

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "file:///notes.txt|file:///notes.txt",
            "file:///{path}|file:///a",
            "file:///{path}|file:///a/b/c.txt",
            "db://{table}/{id}|db://users/42",
            "db://{table}/rows/{id}|db://users/rows/42",
            "{uri}|anything",
            "weather://{city}/today|weather://new york/today",
            "a.b/{x}?q=1|a.b/z?q=1",
            "broken{x|broken{x",
            "x}{y}|x}1"})
    void aUriThatFitsTheTemplateMatches(String template, String uri) {
        assertTrue(MessageRoutes.matches(template, uri), template + " ~ " + uri);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "file:///notes.txt|file:///notes.txt2",
            "file:///notes.txt|file:///notes",
            "file:///{path}|file:///",
            "file:///{path}|http:///a",
            "db://{table}/{id}|db://users",
            "db://{table}/{id}|db://users/",
            "db://{table}/rows/{id}|db://users/cols/42",
            "weather://{city}/today|weather://paris/tomorrow",
            "weather://{city}/today|xweather://paris/today",
            "a.b/{x}|aXb/z",
            "a.b/{x}?q=1|a.b/zq=1",
            "broken{x|brokenyx"})
    void aUriThatDoesNotFitTheTemplateDoesNotMatch(String template, String uri) {
        assertFalse(MessageRoutes.matches(template, uri), template + " !~ " + uri);
    }
}
