package dev.switchboard.common.paging;

import dev.switchboard.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * A list answer in the shape of Composio's cursor-paged lists ({@code items}, {@code next_cursor} — null on the
 * last page —, {@code total_pages}, {@code current_page}, {@code total_items}). A cursor names the page it
 * leads to; clients treat it as opaque.
 */
public record CursorPage<T>(List<T> items, String nextCursor, int totalPages, int currentPage, long totalItems) {

    private static final String PREFIX = "page:";

    public static <T> CursorPage<T> of(Page<T> page) {
        String next = page.currentPage() < page.totalPages() ? cursorFor(page.currentPage() + 1) : null;
        return new CursorPage<>(page.items(), next, page.totalPages(), page.currentPage(), page.totalItems());
    }

    public <R> CursorPage<R> map(Function<T, R> mapper) {
        return new CursorPage<>(items.stream().map(mapper).toList(), nextCursor, totalPages, currentPage, totalItems);
    }

    /** The page a {@code cursor} leads to, else {@code page_no}, with {@code limit}; each validated. */
    public static PageRequest request(String cursor, String pageNo, String limit) {
        if (cursor == null || cursor.isBlank()) {
            return PageRequest.parse(pageNo, limit);
        }
        return PageRequest.parse(String.valueOf(pageOf(cursor.trim())), limit);
    }

    static String cursorFor(int page) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + page).getBytes(StandardCharsets.UTF_8));
    }

    private static int pageOf(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                int page = Integer.parseInt(text.substring(PREFIX.length()));
                if (page >= 1) {
                    return page;
                }
            }
        } catch (IllegalArgumentException notOurs) {
            // answered below
        }
        throw ProblemException.invalid("cursor", "is not a cursor this API handed out (use next_cursor of the previous page)");
    }
}
