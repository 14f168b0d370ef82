package dev.switchboard.toolrouter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.common.json.RequestJson;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.toolrouter.rest.CreateSessionRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.Set;

/**
 * Reads a session request twice: as the raw object (stored as the session's config, so fields the
 * SDK adds later survive) and as {@link CreateSessionRequest} for the fields Switchboard checks.
 */
@ApplicationScoped
public class SessionRequestParser {

    @Inject
    RequestJson json;

    @Inject
    Validator validator;

    public CreateSessionRequest parse(JsonNode body) throws JsonProcessingException {
        if (body == null || body.isNull()) {
            throw ProblemException.invalid("body", "is required");
        }
        if (!(body instanceof ObjectNode)) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        CreateSessionRequest request = json.mapper().treeToValue(body, CreateSessionRequest.class);
        Set<ConstraintViolation<CreateSessionRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        if (request.toolkits() != null && (request.toolkits().enable() == null) == (request.toolkits().disable() == null)) {
            throw ProblemException.invalid("toolkits", "must have exactly one of enable or disable");
        }
        if (request.tags() != null && !request.tags().isNull() && !request.tags().isObject()) {
            throw ProblemException.invalid("tags", "must be an object such as {\"enable\": [...], \"disable\": [...]}");
        }
        return request;
    }
}
