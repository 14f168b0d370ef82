package dev.switchboard.connection.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LinkPageResourceTest {

    @Test
    void theOutcomeJoinsTheCallbacksQueryBeforeItsFragment() {
        assertEquals("https://a.example/cb?status=success&connected_account_id=ca_1",
                LinkPageResource.withSuccess("https://a.example/cb", "ca_1"));
        assertEquals("https://a.example/cb?x=1&status=success&connected_account_id=ca_1#done",
                LinkPageResource.withSuccess("https://a.example/cb?x=1#done", "ca_1"));
    }
}
