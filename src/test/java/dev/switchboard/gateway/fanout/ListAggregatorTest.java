package dev.switchboard.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.fanout.ListAggregator.Listed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListAggregatorTest {

    private static List<Listed> tools(int count) {
        List<Listed> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode item = JsonNodeFactory.instance.objectNode().put("name", "gh__t" + i);
            all.add(new Listed("gh", "t" + i, item));
        }
        return all;
    }

    private static List<String> names(ObjectNode page, ListKind kind) {
        List<String> names = new ArrayList<>();
        page.get(kind.field).forEach(item -> names.add(item.path(kind.key).asText()));
        return names;
    }

    private static String cursorOf(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- page

    @Test
    void theFirstPageHoldsPageSizeItemsAndACursor() {
        ObjectNode page = ListAggregator.page(tools(7), ListKind.TOOLS, null, 3);

        assertEquals(List.of("gh__t0", "gh__t1", "gh__t2"), names(page, ListKind.TOOLS));
        assertTrue(page.hasNonNull("nextCursor"));
        assertEquals(3, ListAggregator.offset(page.get("nextCursor").asText()));
    }

    @Test
    void anEmptyCursorIsTheFirstPage() {
        assertEquals(ListAggregator.page(tools(5), ListKind.TOOLS, null, 2), ListAggregator.page(tools(5), ListKind.TOOLS, "", 2));
    }

    @Test
    void theLastPageHoldsTheRestAndNoCursor() {
        List<Listed> all = tools(7);
        String cursor = ListAggregator.page(all, ListKind.TOOLS, null, 3).get("nextCursor").asText();
        cursor = ListAggregator.page(all, ListKind.TOOLS, cursor, 3).get("nextCursor").asText();

        ObjectNode last = ListAggregator.page(all, ListKind.TOOLS, cursor, 3);

        assertEquals(List.of("gh__t6"), names(last, ListKind.TOOLS));
        assertFalse(last.has("nextCursor"));
    }

    @Test
    void aListThatFillsThePageExactlyHasNoCursor() {
        ObjectNode page = ListAggregator.page(tools(3), ListKind.TOOLS, null, 3);

        assertEquals(3, page.get("tools").size());
        assertFalse(page.has("nextCursor"));
    }

    @Test
    void aListShorterThanThePageComesWhole() {
        ObjectNode page = ListAggregator.page(tools(2), ListKind.TOOLS, null, 1000);

        assertEquals(List.of("gh__t0", "gh__t1"), names(page, ListKind.TOOLS));
        assertFalse(page.has("nextCursor"));
    }

    @Test
    void anEmptyListIsOnePageWithAnEmptyArray() {
        ObjectNode page = ListAggregator.page(List.of(), ListKind.TOOLS, null, 10);

        assertTrue(page.get("tools").isArray());
        assertEquals(0, page.get("tools").size());
        assertFalse(page.has("nextCursor"));
        assertEquals(1, page.size());
    }

    @Test
    void aCursorPastTheEndGivesAnEmptyLastPage() {
        ObjectNode page = ListAggregator.page(tools(5), ListKind.TOOLS, cursorOf("offset:50"), 10);

        assertEquals(0, page.get("tools").size());
        assertFalse(page.has("nextCursor"));
    }

    @ParameterizedTest
    @EnumSource(ListKind.class)
    void theItemsAreInTheArrayTheKindNames(ListKind kind) {
        ObjectNode item = JsonNodeFactory.instance.objectNode().put(kind.key, "gh+x");
        ObjectNode page = ListAggregator.page(List.of(new Listed("gh", "x", item)), kind, null, 10);

        assertEquals(1, page.size());
        assertEquals(1, page.get(kind.field).size());
        assertEquals(item, page.get(kind.field).get(0));
    }

    @Test
    void theResourceTemplatesArrayIsCalledResourceTemplates() {
        ObjectNode page = ListAggregator.page(List.of(), ListKind.RESOURCE_TEMPLATES, null, 10);

        assertTrue(page.has("resourceTemplates"));
    }

    @Test
    void followingTheCursorsVisitsEveryItemOnceInOrder() {
        for (int count = 0; count <= 12; count++) {
            for (int pageSize = 1; pageSize <= 5; pageSize++) {
                List<Listed> all = tools(count);
                List<String> seen = new ArrayList<>();
                int pages = 0;
                String cursor = null;
                do {
                    ObjectNode page = ListAggregator.page(all, ListKind.TOOLS, cursor, pageSize);
                    assertTrue(page.get("tools").size() <= pageSize);
                    seen.addAll(names(page, ListKind.TOOLS));
                    cursor = page.path("nextCursor").asText(null);
                    pages++;
                    assertTrue(pages <= count + 1, "the cursors must end");
                } while (cursor != null);

                List<String> expected = all.stream().map(listed -> listed.item().path("name").asText()).toList();
                String label = count + " items in pages of " + pageSize;
                assertEquals(expected, seen, label);
                assertEquals(Math.max(1, (count + pageSize - 1) / pageSize), pages, label);
            }
        }
    }

    // ---- offset

    @Test
    void noCursorIsOffsetZero() {
        assertEquals(0, ListAggregator.offset(null));
        assertEquals(0, ListAggregator.offset(""));
    }

    @Test
    void aCursorIsTheOffsetItStandsFor() {
        assertEquals(0, ListAggregator.offset(cursorOf("offset:0")));
        assertEquals(42, ListAggregator.offset(cursorOf("offset:42")));
        assertEquals(Integer.MAX_VALUE, ListAggregator.offset(cursorOf("offset:" + Integer.MAX_VALUE)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "b2Zmc2V0OjE=x", "offset:1", "%%%", "a+b/"})
    void aCursorThatIsNotBase64IsInvalid(String cursor) {
        assertThrows(IllegalArgumentException.class, () -> ListAggregator.offset(cursor));
    }

    @ParameterizedTest
    @ValueSource(strings = {"page:1", "Offset:1", "1", "offset", "offset:", "offset:-1", "offset:-2147483648", "offset:1.5",
            "offset:abc", "offset: 1", "offset:99999999999", "xoffset:1"})
    void aCursorThatIsNotAnOffsetOfOursIsInvalid(String text) {
        String cursor = cursorOf(text);

        assertThrows(IllegalArgumentException.class, () -> ListAggregator.offset(cursor), text);
    }

    @Test
    void anInvalidCursorFailsThePageToo() {
        assertThrows(IllegalArgumentException.class,
                () -> ListAggregator.page(tools(3), ListKind.TOOLS, cursorOf("offset:-1"), 10));
    }
}
