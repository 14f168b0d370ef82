package dev.switchboard.common.paging;

import java.util.List;
import java.util.function.Function;

/** A page of a list answer, in the shape the Composio SDK reads ({@code items}, {@code current_page}, {@code total_pages}). */
public record Page<T>(List<T> items, int currentPage, int totalPages, long totalItems) {

    public static <T> Page<T> of(List<T> items, PageRequest request, long totalItems) {
        return new Page<>(items, request.pageNo(), request.totalPages(totalItems), totalItems);
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), currentPage, totalPages, totalItems);
    }
}
