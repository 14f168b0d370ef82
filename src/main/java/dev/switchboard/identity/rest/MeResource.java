package dev.switchboard.identity.rest;

import dev.switchboard.common.ApiPaths;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.identity.Principal;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import io.smallrye.common.annotation.NonBlocking;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path(ApiPaths.ROOT + "/me")
@Authenticated
@Tag(name = "Identity")
public class MeResource {

    /** The caller as Switchboard sees it. */
    public record Me(String kind, String subject, String userId, String tenantId, String tenantName, List<String> roles,
            String tenantRefusal) {
    }

    @Inject
    CurrentPrincipal caller;

    @GET
    @NonBlocking
    @Operation(summary = "Who am I", description = "The principal this request maps to: user, tenant and roles.")
    public Me me() {
        Principal p = caller.principal();
        return new Me(p.kind().name().toLowerCase(), p.subject(), p.userId(),
                p.tenantId() == null ? null : p.tenantId().value(), p.tenantName(),
                p.roles().stream().sorted().toList(), p.tenantRefusal());
    }
}
