package dev.switchboard.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.switchboard.gateway.fanout.Namespace.Owned;
import dev.switchboard.toolkit.rest.ToolkitRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamespaceTest {

    @Test
    void prefixesANameWithTheSlugAndTwoUnderscores() {
        assertEquals("github__search", Namespace.expose("github", "search"));
        assertEquals("github__search", Namespace.expose(true, "github", "search"));
    }

    @Test
    void leavesANameAsItIsWithThePrefixOff() {
        assertEquals("search", Namespace.expose(false, "github", "search"));
    }

    @Test
    void prefixesAUriWithTheSlugAndAPlus() {
        assertEquals("github+file:///a/b.txt", Namespace.exposeUri(true, "github", "file:///a/b.txt"));
    }

    @Test
    void leavesAUriAsItIsWithThePrefixOff() {
        assertEquals("file:///a/b.txt", Namespace.exposeUri(false, "github", "file:///a/b.txt"));
    }

    @ParameterizedTest
    @CsvSource({
            "github, search",
            "my-tools, search",
            "my_tools, search",
            "a-b_c9, list_issues",
            "gh, search__deep",
            "gh, _private",
            "gh, x"})
    void splitsAnExposedNameBackIntoSlugAndName(String slug, String name) {
        assertEquals(new Owned(slug, name), Namespace.split(Namespace.expose(slug, name)));
    }

    @Test
    void splitsAtTheFirstSeparator() {
        assertEquals(new Owned("gh", "a__b"), Namespace.split("gh__a__b"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "search", "__search", "search__", "__", "gh_search", "gh+search"})
    void aNameWithoutSlugAndNameAroundTheSeparatorHasNoOwner(String exposed) {
        assertNull(Namespace.split(exposed));
    }

    @ParameterizedTest
    @CsvSource({
            "my_tools, search",
            "a-b, search__deep",
            "x1_y2-z3, _search",
            "gh, s"})
    void splitsTheNameOfAnyValidSlugBack(String slug, String name) {
        assertTrue(slug.matches(ToolkitRequests.SLUG), slug);
        assertEquals(new Owned(slug, name), Namespace.split(Namespace.expose(slug, name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"my_", "a__b", "_", "-x", "a--b", "A"})
    void slugsThatCouldNotBeSplitBackAreRefusedByTheToolkitApi(String slug) {
        assertFalse(slug.matches(ToolkitRequests.SLUG), slug);
    }

    @ParameterizedTest
    @CsvSource({
            "github, file:///a/b.txt",
            "my-tools, https://example.com/x?y=1",
            "my_tools, git+ssh://host/repo",
            "gh, db://{table}/{id}",
            "gh, x"})
    void splitsAnExposedUriBackIntoSlugAndUri(String slug, String uri) {
        assertEquals(new Owned(slug, uri), Namespace.splitUri(Namespace.exposeUri(true, slug, uri)));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "file:///a", "+file:///a", "github+", "+", "github__file"})
    void aUriWithoutSlugAndUriAroundThePlusHasNoOwner(String exposed) {
        assertNull(Namespace.splitUri(exposed));
    }
}
