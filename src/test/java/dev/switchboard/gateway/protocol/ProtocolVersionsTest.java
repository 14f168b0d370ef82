package dev.switchboard.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolVersionsTest {

    @Test
    void theLatestVersionIsSupportedAndTheAssumedOneToo() {
        assertEquals(ProtocolVersions.LATEST, ProtocolVersions.SUPPORTED.get(0));
        assertTrue(ProtocolVersions.SUPPORTED.contains(ProtocolVersions.ASSUMED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-11-25", "2025-06-18", "2025-03-26"})
    void aSupportedVersionIsKept(String requested) {
        assertEquals(requested, ProtocolVersions.negotiate(requested));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-11-05", "2026-01-01", "", "latest", "2025-11-25 ", "2025-6-18"})
    void anUnsupportedVersionIsAnsweredWithTheLatest(String requested) {
        assertEquals("2025-11-25", ProtocolVersions.negotiate(requested));
    }

    @Test
    void noVersionIsAnsweredWithTheLatest() {
        assertEquals("2025-11-25", ProtocolVersions.negotiate(null));
    }

    @ParameterizedTest
    @CsvSource({
            "2025-03-26, 2025-11-25, 2025-03-26",
            "2025-06-18, 2025-11-25, 2025-06-18",
            "2025-03-26, 2025-06-18, 2025-03-26"})
    void aClientOlderThanTheUpstreamSessionStatesItsOwnVersion(String client, String upstream, String expected) {
        assertEquals(expected, ProtocolVersions.forUpstream(client, upstream));
    }

    @ParameterizedTest
    @CsvSource({
            "2025-11-25, 2025-11-25",
            "2025-11-25, 2025-06-18",
            "2025-06-18, 2025-03-26",
            "2025-11-25, 2024-11-05"})
    void aClientAsNewAsOrNewerThanTheUpstreamSessionGetsTheSessionsVersion(String client, String upstream) {
        assertEquals(upstream, ProtocolVersions.forUpstream(client, upstream));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-11-05", "", "0000-00-00", "garbage"})
    void anUnsupportedClientVersionIsNotPassedOn(String client) {
        assertEquals("2025-06-18", ProtocolVersions.forUpstream(client, "2025-06-18"));
    }

    @Test
    void noClientVersionGivesTheSessionsVersion() {
        assertEquals("2025-06-18", ProtocolVersions.forUpstream(null, "2025-06-18"));
    }

    @Test
    void noSessionVersionGivesNone() {
        assertNull(ProtocolVersions.forUpstream("2025-03-26", null));
        assertNull(ProtocolVersions.forUpstream(null, null));
    }
}
