package dev.switchboard.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.common.problem.ProblemException;
import org.junit.jupiter.api.Test;

class PageRequestTest {

    @Test
    void defaultsToTheFirstPageOfTen() {
        PageRequest page = PageRequest.parse(null, "");
        assertEquals(1, page.pageNo());
        assertEquals(10, page.limit());
        assertEquals(0, page.offset());
    }

    @Test
    void computesOffsetsAndPageCounts() {
        PageRequest page = PageRequest.parse("3", "20");
        assertEquals(40, page.offset());
        assertEquals(0, page.totalPages(0));
        assertEquals(1, page.totalPages(20));
        assertEquals(2, page.totalPages(21));
    }

    @Test
    void namesEveryBadValue() {
        ProblemException e = assertThrows(ProblemException.class, () -> PageRequest.parse("0", "x"));
        assertEquals(2, e.errors().size());
        assertEquals("page_no", e.errors().get(0).field());
        assertEquals("limit", e.errors().get(1).field());
        assertThrows(ProblemException.class, () -> PageRequest.parse("1", "101"));
    }
}
