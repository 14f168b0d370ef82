package dev.switchboard.connection.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.gateway.TokenExchanger.Refused;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenExchangeAnswersTest {

    private static final Instant ASKED = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void readsTheIssuedTokenAndItsLifetime() {
        TokenExchangeAnswers.Issued issued = TokenExchangeAnswers.issued(new JsonObject()
                .put("access_token", "eyJ.x.y").put("token_type", "Bearer").put("expires_in", 300)
                .put("issued_token_type", IdpTokenExchange.ACCESS_TOKEN_TYPE), ASKED);
        assertEquals("eyJ.x.y", issued.accessToken());
        assertEquals(ASKED.plusSeconds(300), issued.expiresAt());

        assertEquals(ASKED.plusSeconds(TokenExchangeAnswers.DEFAULT_LIFETIME_SECONDS),
                TokenExchangeAnswers.issued(new JsonObject().put("access_token", "t"), ASKED).expiresAt());
    }

    @Test
    void anAnswerWithoutABearerTokenIsARefusal() {
        assertEquals("the IdP answered the exchange without a usable access_token",
                assertThrows(Refused.class, () -> TokenExchangeAnswers.issued(new JsonObject(), ASKED)).getMessage());
        assertThrows(Refused.class, () -> TokenExchangeAnswers.issued(new JsonObject().put("access_token", "a\nb"), ASKED));
        assertThrows(Refused.class, () -> TokenExchangeAnswers.issued(null, ASKED));
        assertEquals("the IdP issued a token of type 'N_A', not a Bearer token", assertThrows(Refused.class,
                () -> TokenExchangeAnswers.issued(new JsonObject().put("access_token", "t").put("token_type", "N_A"), ASKED))
                .getMessage());
    }

    @Test
    void aRefusalNamesTheOAuthErrorInPrintableWords() {
        assertEquals("the IdP refused the exchange: invalid_request (Requested audience not available: nobody)",
                TokenExchangeAnswers.refusal(400, new JsonObject().put("error", "invalid_request")
                        .put("error_description", "Requested audience not available: nobody")));
        assertEquals("the IdP refused the exchange: invalid_grant (a?b)",
                TokenExchangeAnswers.refusal(400, new JsonObject().put("error", "invalid_grant").put("error_description", "a\nb")));
        assertEquals("the IdP refused the exchange with HTTP 502", TokenExchangeAnswers.refusal(502, null));
        assertEquals(201, TokenExchangeAnswers.printable("x".repeat(500)).length());
    }
}
