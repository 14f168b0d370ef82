package dev.switchboard.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.security.AuthenticationFailedException;
import java.util.List;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.junit.jupiter.api.Test;

class TokenRefusalsTest {

    private static Throwable verifierFailure(int errorCode) {
        // The verifier's message quotes the token's claims: it must never reach the client.
        InvalidJwtException jwt = new InvalidJwtException("JWT (claims->{\"sub\":\"alice\"}) rejected",
                List.of(new ErrorCodeValidator.Error(errorCode, "details")), null);
        return new AuthenticationFailedException(new RuntimeException(jwt));
    }

    @Test
    void saysWhyTheVerifierRefusedATokenWithoutQuotingIt() {
        assertEquals("The token has expired", TokenRefusals.describe(verifierFailure(ErrorCodes.EXPIRED)));
        assertEquals("The token was not issued for Switchboard (its audience does not name it)",
                TokenRefusals.describe(verifierFailure(ErrorCodes.AUDIENCE_INVALID)));
        assertEquals("The token was not issued for Switchboard (its audience does not name it)",
                TokenRefusals.describe(verifierFailure(ErrorCodes.AUDIENCE_MISSING)));
        assertEquals("The token was issued by another IdP", TokenRefusals.describe(verifierFailure(ErrorCodes.ISSUER_INVALID)));
        assertEquals("The token's signature is not valid", TokenRefusals.describe(verifierFailure(ErrorCodes.SIGNATURE_INVALID)));
        assertEquals("The token is not valid", TokenRefusals.describe(verifierFailure(ErrorCodes.JWT_ID_MISSING)));
    }

    @Test
    void keepsSwitchboardsOwnReasonAndHidesOthers() {
        assertEquals("The token has no 'sub' claim to identify the user",
                TokenRefusals.describe(new AuthenticationFailedException("The token has no 'sub' claim to identify the user")));
        assertEquals("The token is not valid (not a token of the configured IdP, or no longer valid)",
                TokenRefusals.describe(new AuthenticationFailedException(new IllegalStateException("eyJhbGciOi..."))));
    }
}
