package dev.switchboard.server;

import dev.switchboard.common.McpUrls;
import dev.switchboard.common.paging.Page;
import dev.switchboard.server.rest.GenerateView;
import dev.switchboard.server.rest.McpServerView;
import dev.switchboard.tenancy.TenantId;
import dev.switchboard.toolkit.ToolkitEntity;
import dev.switchboard.toolkit.ToolkitRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the API views of MCP servers: URLs, commands, toolkit icons and instance counts, in two queries per page. */
@ApplicationScoped
public class McpServerViews {

    @Inject
    McpUrls urls;

    @Inject
    ToolkitRepository toolkits;

    @Inject
    ServerInstanceRepository instances;

    @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true")
    boolean sso;

    @WithSession
    public Uni<McpServerView> of(TenantId tenant, McpServerEntity server, boolean deleted) {
        return views(tenant, List.of(server), deleted).map(views -> views.get(0));
    }

    @WithSession
    public Uni<Page<McpServerView>> of(TenantId tenant, Page<McpServerEntity> page) {
        return views(tenant, page.items(), false)
                .map(views -> new Page<>(views, page.currentPage(), page.totalPages(), page.totalItems()));
    }

    /** The URLs of a generate: one per user, one per connected account (its user's), in request order. */
    public GenerateView generated(McpServerEntity server, List<String> userIds, List<String> accountUsers, boolean manageConnections) {
        String suffix = server.manageConnections && !manageConnections ? "&manage_connections=false" : "";
        List<String> userUrls = userIds.stream().map(user -> urls.serverForUser(server.id, user) + suffix).toList();
        List<String> accountUrls = accountUsers.stream().map(user -> urls.serverForUser(server.id, user) + suffix).toList();
        List<ClientCommands> commands = userUrls.stream().map(url -> ClientCommands.of(server.name, url, login())).toList();
        return new GenerateView(urls.server(server.id), userUrls, accountUrls, commands);
    }

    private ClientCommands.Login login() {
        return sso ? ClientCommands.Login.SSO : ClientCommands.Login.API_KEY;
    }

    private Uni<List<McpServerView>> views(TenantId tenant, List<McpServerEntity> servers, boolean deleted) {
        Set<String> toolkitIds = servers.stream().flatMap(s -> s.toolkits.stream()).map(t -> t.toolkitId)
                .collect(Collectors.toSet());
        Set<String> serverIds = servers.stream().map(s -> s.id).collect(Collectors.toSet());
        return toolkits.findByIds(tenant, toolkitIds).chain(found -> instances.countByServer(tenant, serverIds)
                .map(counts -> {
                    Map<String, ToolkitEntity> byId = found.stream().collect(Collectors.toMap(t -> t.id, t -> t));
                    return servers.stream().map(s -> view(s, byId, counts.getOrDefault(s.id, 0L), deleted)).toList();
                }));
    }

    private McpServerView view(McpServerEntity s, Map<String, ToolkitEntity> toolkitsById, long instanceCount,
            boolean deleted) {
        Map<String, String> icons = new LinkedHashMap<>();
        for (ServerToolkit binding : s.toolkits) {
            ToolkitEntity toolkit = toolkitsById.get(binding.toolkitId);
            if (toolkit != null && toolkit.logoUrl != null) {
                icons.put(binding.toolkitSlug, toolkit.logoUrl);
            }
        }
        return new McpServerView(s.id, s.name, s.toolkitSlugs(), s.authConfigIds(), s.allowedTools, s.manageConnections, s.toolNamePrefix,
                urls.server(s.id), ClientCommands.of(s.name, urls.serverEndpoint(s.id), login()), icons, instanceCount,
                s.createdAt, s.updatedAt, deleted);
    }
}
