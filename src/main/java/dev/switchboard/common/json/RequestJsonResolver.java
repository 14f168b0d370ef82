package dev.switchboard.common.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** Hands Quarkus REST the strict {@link RequestJson} mapper for the API's JSON bodies. */
@Provider
public class RequestJsonResolver implements ContextResolver<ObjectMapper> {

    @Inject
    RequestJson json;

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return json.mapper();
    }
}
