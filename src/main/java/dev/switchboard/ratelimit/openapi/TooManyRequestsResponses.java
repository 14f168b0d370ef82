package dev.switchboard.ratelimit.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Every management operation can be refused by the caller's rate limit; the document says so once here
 * instead of on each resource method.
 */
public class TooManyRequestsResponses implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() != null && operation.getResponses().getAPIResponse("429") == null) {
            operation.getResponses().addAPIResponse("429", tooManyRequests());
        }
        return operation;
    }

    private static APIResponse tooManyRequests() {
        return OASFactory.createAPIResponse()
                .description("Over the caller's rate limit: an RFC 9457 problem naming the limit; retry after the wait")
                .addHeader("Retry-After", header("Seconds to wait before retrying"))
                .addHeader("RateLimit-Policy", header("The limits that apply (IETF RateLimit headers)"))
                .addHeader("RateLimit", header("What is left of the closest limit"));
    }

    private static Header header(String description) {
        return OASFactory.createHeader().description(description);
    }
}
