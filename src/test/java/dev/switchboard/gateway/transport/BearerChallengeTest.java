package dev.switchboard.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BearerChallengeTest {

    private static final String METADATA = "https://sb.example/.well-known/oauth-protected-resource/v3/mcp/mcp_1/mcp";

    @Test
    void aRequestWithoutCredentialsIsToldWhereAndWithWhichScopesToLogIn() {
        assertEquals("Bearer resource_metadata=\"" + METADATA + "\"",
                new BearerChallenge(METADATA, List.of(), null, null).toString());
        assertEquals("Bearer scope=\"switchboard offline_access\", resource_metadata=\"" + METADATA + "\"",
                new BearerChallenge(METADATA, List.of("switchboard", "offline_access"), null, null).toString());
    }

    @Test
    void aRefusedTokenIsToldWhyInQuotableText() {
        assertEquals("Bearer error=\"invalid_token\", error_description=\"The token has expired\", scope=\"s\", resource_metadata=\""
                        + METADATA + "\"",
                new BearerChallenge(METADATA, List.of("s"), BearerChallenge.INVALID_TOKEN, "The token has expired").toString());
        assertEquals("Bearer error=\"insufficient_scope\", error_description=\"no ?tenant? claim ?\", resource_metadata=\""
                        + METADATA + "\"",
                new BearerChallenge(METADATA, List.of(), BearerChallenge.INSUFFICIENT_SCOPE, "no \"tenant\" claim \u2014").toString());
    }
}
