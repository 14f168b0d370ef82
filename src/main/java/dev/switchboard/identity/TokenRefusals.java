package dev.switchboard.identity;

import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Why a credential was refused, in words a client may be shown: Switchboard's own reasons as they are, and
 * for an SSO token the verifier's reason in a few words, since its own message quotes the token's claims,
 * which belong in no response and no log. No I/O.
 */
public final class TokenRefusals {

    private TokenRefusals() {
    }

    public static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException jwt) {
                return describe(jwt);
            }
        }
        // Refusals that quote no token (OidcPrincipalAugmentor's, e.g. no user id claim) carry a message and no cause.
        if (failure.getCause() == null && failure.getMessage() != null) {
            return failure.getMessage();
        }
        return "The token is not valid (not a token of the configured IdP, or no longer valid)";
    }

    private static String describe(InvalidJwtException jwt) {
        if (jwt.hasExpired()) {
            return "The token has expired";
        }
        if (jwt.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || jwt.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "The token was not issued for Switchboard (its audience does not name it)";
        }
        if (jwt.hasErrorCode(ErrorCodes.ISSUER_INVALID) || jwt.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return "The token was issued by another IdP";
        }
        if (jwt.hasErrorCode(ErrorCodes.NOT_YET_VALID) || jwt.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return "The token is not valid yet";
        }
        if (jwt.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || jwt.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return "The token's signature is not valid";
        }
        return "The token is not valid";
    }
}
