package dev.switchboard.toolrouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.authconfig.AuthConfigEntity;
import dev.switchboard.authconfig.AuthConfigRepository;
import dev.switchboard.common.SecureIds;
import dev.switchboard.common.Sha256;
import dev.switchboard.common.Timestamps;
import dev.switchboard.common.problem.FieldError;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.toolrouter.rest.CreateSessionRequest;
import dev.switchboard.tenancy.TenantId;
import dev.switchboard.toolkit.ToolkitRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import dev.switchboard.common.cache.ChangesConfiguration;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Tool-router sessions: checked against the tenant's toolkits and auth configs, stored with a TTL. */
@ApplicationScoped
public class ToolRouterSessionService {

    @Inject
    ToolRouterSessionRepository sessions;

    @Inject
    ToolkitRepository toolkits;

    @Inject
    AuthConfigRepository authConfigs;

    @Inject
    SwitchboardConfig config;

    @Inject
    ObjectMapper json;

    @WithTransaction
    public Uni<CreatedSession> create(TenantId tenant, String userId, CreateSessionRequest request, JsonNode body) {
        rejectConnectedAccounts(request.connectedAccounts());
        return checkReferences(tenant, request).chain(() -> {
            String token = SecureIds.newSecret(ToolRouterSessionEntity.TOKEN_PREFIX);
            ToolRouterSessionEntity session = new ToolRouterSessionEntity();
            session.id = SecureIds.newId(ToolRouterSessionEntity.ID_PREFIX);
            session.userId = userId;
            session.config = storedConfig(body, userId);
            session.configVersion = 1;
            session.tokenHash = Sha256.hex(token);
            session.createdAt = Timestamps.now();
            session.expiresAt = session.createdAt.plus(config.sessions().ttl());
            return sessions.persist(tenant, session).map(saved -> new CreatedSession(saved, token));
        });
    }

    /** A live session; an expired one answers 410 so clients know to create a new one. */
    @WithSession
    public Uni<ToolRouterSessionEntity> get(TenantId tenant, String id) {
        return sessions.getById(tenant, id).invoke(session -> {
            if (!session.expiresAt.isAfter(Instant.now())) {
                throw new ProblemException(410, "Gone", "Session '" + id + "' expired at " + session.expiresAt, List.of());
            }
        });
    }

    @WithTransaction
    @ChangesConfiguration
    public Uni<ToolRouterSessionEntity> delete(TenantId tenant, String id) {
        return sessions.getById(tenant, id).call(session -> sessions.delete(tenant, session));
    }

    private String storedConfig(JsonNode body, String userId) {
        ObjectNode stored = ((ObjectNode) body).deepCopy();
        stored.put("user_id", userId);
        if (!stored.path("manage_connections").isObject()) {
            stored.putObject("manage_connections").put("enable", true);
        }
        return stored.toString();
    }

    private Uni<Void> checkReferences(TenantId tenant, CreateSessionRequest request) {
        List<String> slugs = new ArrayList<>();
        String slugField = null;
        if (request.toolkits() != null) {
            boolean enable = request.toolkits().enable() != null;
            slugs = enable ? request.toolkits().enable() : request.toolkits().disable();
            slugField = enable ? "toolkits.enable" : "toolkits.disable";
        }
        Map<String, String> pins = request.authConfigs() == null ? Map.of() : request.authConfigs();
        Set<String> wanted = new HashSet<>(slugs);
        wanted.addAll(pins.keySet());
        List<String> listed = slugs;
        String listedField = slugField;
        return toolkits.findBySlugs(tenant, wanted).chain(found -> authConfigs.findByIds(tenant, new HashSet<>(pins.values()))
                .invoke(foundConfigs -> {
                    Set<String> known = found.stream().map(t -> t.slug).collect(Collectors.toSet());
                    Map<String, AuthConfigEntity> configs = foundConfigs.stream().collect(Collectors.toMap(a -> a.id, a -> a));
                    List<FieldError> errors = new ArrayList<>();
                    for (int i = 0; i < listed.size(); i++) {
                        if (!known.contains(listed.get(i))) {
                            errors.add(new FieldError(listedField + "[" + i + "]", "unknown toolkit '" + listed.get(i) + "'"));
                        }
                    }
                    pins.forEach((slug, id) -> {
                        AuthConfigEntity pinned = configs.get(id);
                        if (!known.contains(slug)) {
                            errors.add(new FieldError("auth_configs." + slug, "unknown toolkit '" + slug + "'"));
                        } else if (pinned == null) {
                            errors.add(new FieldError("auth_configs." + slug, "unknown auth config '" + id + "'"));
                        } else if (!pinned.toolkit.slug.equals(slug)) {
                            errors.add(new FieldError("auth_configs." + slug, "auth config '" + id + "' belongs to toolkit '"
                                    + pinned.toolkit.slug + "'"));
                        }
                    });
                    if (!errors.isEmpty()) {
                        throw ProblemException.invalid(errors);
                    }
                }))
                .replaceWithVoid();
    }

    /** No connected account exists yet (they arrive with per-user upstream identity), so every id is unknown. */
    private static void rejectConnectedAccounts(Map<String, List<String>> connectedAccounts) {
        if (connectedAccounts == null) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        connectedAccounts.forEach((slug, ids) -> {
            for (int i = 0; ids != null && i < ids.size(); i++) {
                errors.add(new FieldError("connected_accounts." + slug + "[" + i + "]",
                        "unknown connected account '" + ids.get(i) + "'"));
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    public JsonNode configOf(ToolRouterSessionEntity session) {
        return StoredSessionConfig.parse(json, session.config);
    }
}
