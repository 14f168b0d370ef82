package dev.switchboard.server;

import dev.switchboard.tenancy.TenantId;
import dev.switchboard.tenancy.TenantScopedRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

@ApplicationScoped
public class ServerInstanceRepository extends TenantScopedRepository<ServerInstanceEntity> {

    public ServerInstanceRepository() {
        super(ServerInstanceEntity.class, "Server instance");
    }

    /** Distinct users with a generated URL, per server. Servers without any are absent from the map. */
    public Uni<Map<String, Long>> countByServer(TenantId tenant, Collection<String> serverIds) {
        if (serverIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return select(tenant, "e.serverId, count(e)", "e.serverId in :ids", Map.of("ids", serverIds),
                "group by e.serverId", Object[].class)
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put((String) row[0], (Long) row[1]));
                    return counts;
                });
    }

    public Uni<Set<String>> usersOf(TenantId tenant, String serverId, Collection<String> userIds) {
        return select(tenant, "e.userId", "e.serverId = :server and e.userId in :users",
                Map.of("server", serverId, "users", userIds), "", String.class)
                .map(users -> users.stream().collect(Collectors.toSet()));
    }

    public Uni<List<ServerInstanceEntity>> persistAll(TenantId tenant, List<ServerInstanceEntity> instances) {
        Uni<List<ServerInstanceEntity>> chain = Uni.createFrom().item(instances);
        for (ServerInstanceEntity instance : instances) {
            chain = chain.call(() -> persist(tenant, instance));
        }
        return chain;
    }
}
