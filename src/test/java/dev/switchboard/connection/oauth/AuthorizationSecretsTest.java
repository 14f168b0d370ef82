package dev.switchboard.connection.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AuthorizationSecretsTest {

    @Test
    void theChallengeIsRfc7636sS256() {
        // RFC 7636, appendix B.
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                AuthorizationSecrets.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    @Test
    void verifiersAndStatesAreFreshUrlSafeAndLongEnough() {
        String verifier = AuthorizationSecrets.newVerifier();
        assertEquals(43, verifier.length());
        assertTrue(verifier.matches("[A-Za-z0-9_-]+"), verifier);
        assertNotEquals(verifier, AuthorizationSecrets.newVerifier());
        assertTrue(AuthorizationSecrets.newState().matches("[A-Za-z0-9_-]{43}"));
        assertNotEquals(AuthorizationSecrets.newState(), AuthorizationSecrets.newState());
    }

    @Test
    void providerTextBecomesOneBoundedLine() {
        assertEquals("invalid_grant: Code  not valid", TokenEndpoint.printable("invalid_grant: Code\n\tnot valid"));
        assertEquals(301, TokenEndpoint.printable("x".repeat(1000)).length());
    }
}
