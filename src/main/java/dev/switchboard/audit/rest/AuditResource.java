package dev.switchboard.audit.rest;

import dev.switchboard.audit.AuditEventEntity;
import dev.switchboard.audit.AuditRepository;
import dev.switchboard.common.ApiPaths;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.identity.CurrentPrincipal;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path(ApiPaths.ROOT + "/audit")
@Authenticated
@Tag(name = "Audit", description = "Who did what in the tenant: every tool call through the gateway")
public class AuditResource {

    public record AuditView(String id, String actor, String userId, String action, String serverId, String target,
            String outcome, Long latencyMs, Instant createdAt) {

        static AuditView of(AuditEventEntity e) {
            return new AuditView(e.id, e.actor, e.userId, e.action, e.serverId, e.target, e.outcome, e.latencyMs, e.createdAt);
        }
    }

    @Inject
    CurrentPrincipal caller;

    @Inject
    AuditRepository audit;

    @GET
    @Operation(summary = "Search the audit log", description = "Newest first; filters: action (e.g. tools/call), server_id, user_id.")
    public Uni<Page<AuditView>> search(@QueryParam("action") String action, @QueryParam("server_id") String serverId,
            @QueryParam("user_id") String userId, @QueryParam("page_no") String pageNo, @QueryParam("limit") String limit) {
        return audit.search(caller.admin().tenantId(), action, serverId, userId, PageRequest.parse(pageNo, limit))
                .map(page -> page.map(AuditView::of));
    }
}
