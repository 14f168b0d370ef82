package dev.switchboard.server;

import dev.switchboard.authconfig.AuthConfigEntity;
import dev.switchboard.authconfig.AuthConfigRepository;
import dev.switchboard.common.SecureIds;
import dev.switchboard.common.Timestamps;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.common.paging.SortOrder;
import dev.switchboard.common.problem.FieldError;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.connection.ConnectedAccountRepository;
import dev.switchboard.ratelimit.override.LimitOverrideService;
import dev.switchboard.tenancy.TenantId;
import dev.switchboard.toolkit.ToolkitEntity;
import dev.switchboard.toolkit.ToolkitRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import dev.switchboard.common.cache.ChangesConfiguration;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Persistent MCP servers: their toolkits, pinned auth configs, allowed tools, and per-user URLs. */
@ApplicationScoped
public class McpServerService {

    private static final Map<String, String> SORTABLE = Map.of("created_at", "createdAt", "updated_at", "updatedAt");

    @Inject
    LimitOverrideService rateLimits;

    @Inject
    McpServerRepository servers;

    @Inject
    ConnectedAccountRepository accounts;

    @Inject
    ServerInstanceRepository instances;

    @Inject
    ToolkitRepository toolkits;

    @Inject
    AuthConfigRepository authConfigs;

    @Inject
    ExposedToolsCheck exposedToolsCheck;

    @WithTransaction
    public Uni<McpServerEntity> create(TenantId tenant, ServerDefinition definition) {
        return checkNameFree(tenant, definition.name(), null)
                .chain(() -> resolveToolkits(tenant, definition))
                .call(bindings -> exposedToolsCheck.check(tenant, bindings,
                        definition.allowedTools() == null ? List.of() : definition.allowedTools(),
                        definition.toolNamePrefix() == null || definition.toolNamePrefix()))
                .chain(bindings -> {
                    McpServerEntity server = new McpServerEntity();
                    server.id = SecureIds.newId(McpServerEntity.ID_PREFIX);
                    server.name = definition.name().trim();
                    server.toolkits = new ArrayList<>(bindings);
                    server.allowedTools = definition.allowedTools() == null ? List.of() : distinct(definition.allowedTools());
                    server.manageConnections = definition.manageConnections() == null || definition.manageConnections();
                    server.toolNamePrefix = definition.toolNamePrefix() == null || definition.toolNamePrefix();
                    server.createdAt = Timestamps.now();
                    server.updatedAt = server.createdAt;
                    return servers.persist(tenant, server);
                });
    }

    @WithSession
    public Uni<Page<McpServerEntity>> list(TenantId tenant, McpServerFilter filter, SortOrder order, PageRequest page) {
        String orderBy = order.hql(SORTABLE.get(order.field()));
        return servers.page(tenant, filter, orderBy, page);
    }

    public static SortOrder sortOrder(String orderBy, String direction) {
        return SortOrder.parse(orderBy, direction, SORTABLE.keySet(), "created_at");
    }

    @WithSession
    public Uni<McpServerEntity> get(TenantId tenant, String id) {
        return servers.getById(tenant, id);
    }

    @WithTransaction
    @ChangesConfiguration
    public Uni<McpServerEntity> update(TenantId tenant, String id, ServerDefinition change) {
        return servers.getById(tenant, id).chain(server -> {
            Uni<Void> nameChecked = change.name() == null
                    ? Uni.createFrom().voidItem()
                    : checkNameFree(tenant, change.name(), server.id);
            return nameChecked.chain(() -> rebind(tenant, server, change)).call(bindings -> {
                if (bindings == null && change.allowedTools() == null && change.toolNamePrefix() == null) {
                    return Uni.createFrom().voidItem();
                }
                List<ServerToolkit> toolkitsAfter = bindings != null ? bindings : List.copyOf(server.toolkits);
                List<String> toolsAfter = change.allowedTools() != null ? change.allowedTools() : server.allowedTools;
                boolean prefixAfter = change.toolNamePrefix() != null ? change.toolNamePrefix() : server.toolNamePrefix;
                return exposedToolsCheck.check(tenant, toolkitsAfter, toolsAfter, prefixAfter);
            }).invoke(bindings -> {
                if (bindings != null) {
                    server.toolkits.clear();
                    server.toolkits.addAll(bindings);
                }
                if (change.name() != null) {
                    server.name = change.name().trim();
                }
                if (change.allowedTools() != null) {
                    server.allowedTools = distinct(change.allowedTools());
                }
                if (change.manageConnections() != null) {
                    server.manageConnections = change.manageConnections();
                }
                if (change.toolNamePrefix() != null) {
                    server.toolNamePrefix = change.toolNamePrefix();
                }
                server.updatedAt = Timestamps.now();
            }).replaceWith(server);
        });
    }

    @WithTransaction
    @ChangesConfiguration
    public Uni<McpServerEntity> delete(TenantId tenant, String id) {
        return servers.getById(tenant, id).call(server -> servers.delete(tenant, server))
                .call(server -> rateLimits.forgetServer(tenant, server.id));
    }

    /** What generate answers for: the server, and the user of each connected account asked for, in order. */
    public record Generated(McpServerEntity server, List<String> accountUsers) {
    }

    /**
     * Records each user, and the user of each connected account, as an instance of the server (idempotently).
     * {@code onlyUser} (an SSO member's own id) limits the accounts to that user's; another's is unknown.
     */
    @WithTransaction
    public Uni<Generated> generate(TenantId tenant, String serverId, List<String> userIds, List<String> connectedAccountIds,
            String onlyUser) {
        List<String> accountIds = connectedAccountIds == null ? List.of() : connectedAccountIds;
        return accountUsers(tenant, accountIds, onlyUser).chain(accountUsers -> {
            Set<String> users = new LinkedHashSet<>(userIds);
            users.addAll(accountUsers);
            return servers.getById(tenant, serverId)
                    .call(server -> instances.usersOf(tenant, server.id, users).chain(known -> {
                        List<ServerInstanceEntity> added = users.stream().filter(u -> !known.contains(u)).map(user -> {
                            ServerInstanceEntity instance = new ServerInstanceEntity();
                            instance.id = SecureIds.newId(ServerInstanceEntity.ID_PREFIX);
                            instance.serverId = server.id;
                            instance.userId = user;
                            instance.createdAt = Timestamps.now();
                            return instance;
                        }).toList();
                        return instances.persistAll(tenant, added);
                    }))
                    .map(server -> new Generated(server, accountUsers));
        });
    }

    /** The user of each account, read one after the other (one Hibernate session); an unknown id is a 400 naming it. */
    private Uni<List<String>> accountUsers(TenantId tenant, List<String> accountIds, String onlyUser) {
        List<String> users = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        Uni<Void> read = Uni.createFrom().voidItem();
        for (int i = 0; i < accountIds.size(); i++) {
            String field = "connected_account_ids[" + i + "]";
            String id = accountIds.get(i);
            read = read.chain(() -> accounts.findById(tenant, id).invoke(account -> {
                if (account == null || onlyUser != null && !onlyUser.equals(account.userId)) {
                    errors.add(new FieldError(field, "unknown connected account '" + id + "'"));
                } else {
                    users.add(account.userId);
                }
            })).replaceWithVoid();
        }
        return read.map(done -> {
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
            return users;
        });
    }

    /** The new bindings when toolkits or pins change, or null when neither was given. */
    private Uni<List<ServerToolkit>> rebind(TenantId tenant, McpServerEntity server, ServerDefinition change) {
        if (change.toolkits() == null && change.authConfigIds() == null) {
            return Uni.createFrom().nullItem();
        }
        List<String> slugs = change.toolkits() != null ? change.toolkits() : server.toolkitSlugs();
        List<String> pins = change.authConfigIds() != null
                ? change.authConfigIds()
                : server.toolkits.stream().filter(t -> t.authConfigId != null && slugs.contains(t.toolkitSlug))
                        .map(t -> t.authConfigId).toList();
        return resolveToolkits(tenant, new ServerDefinition(null, slugs, change.toolkitsField(), pins, null, null, null));
    }

    /**
     * Checks every toolkit slug and auth config id, and orders the result: the listed toolkits first
     * (each with its pinned auth config, if one was given), then toolkits named only by an auth config.
     */
    private Uni<List<ServerToolkit>> resolveToolkits(TenantId tenant, ServerDefinition definition) {
        List<String> slugs = definition.toolkits() == null ? List.of() : definition.toolkits();
        List<String> pins = definition.authConfigIds() == null ? List.of() : definition.authConfigIds();
        String slugField = definition.toolkitsField();
        return toolkits.findBySlugs(tenant, new HashSet<>(slugs)).chain(foundToolkits ->
                authConfigs.findByIds(tenant, new HashSet<>(pins)).map(foundConfigs -> {
                    Map<String, ToolkitEntity> bySlug = foundToolkits.stream()
                            .collect(Collectors.toMap(t -> t.slug, Function.identity()));
                    Map<String, AuthConfigEntity> byId = foundConfigs.stream()
                            .collect(Collectors.toMap(a -> a.id, Function.identity()));
                    List<FieldError> errors = new ArrayList<>();
                    Set<String> seenSlugs = new HashSet<>();
                    for (int i = 0; i < slugs.size(); i++) {
                        String slug = slugs.get(i);
                        if (!bySlug.containsKey(slug)) {
                            errors.add(new FieldError(slugField + "[" + i + "]", "unknown toolkit '" + slug + "'"));
                        } else if (!seenSlugs.add(slug)) {
                            errors.add(new FieldError(slugField + "[" + i + "]", "toolkit '" + slug + "' is listed twice"));
                        }
                    }
                    Map<String, AuthConfigEntity> pinBySlug = new HashMap<>();
                    for (int i = 0; i < pins.size(); i++) {
                        AuthConfigEntity config = byId.get(pins.get(i));
                        if (config == null) {
                            errors.add(new FieldError("auth_config_ids[" + i + "]", "unknown auth config '" + pins.get(i) + "'"));
                        } else if (pinBySlug.putIfAbsent(config.toolkit.slug, config) != null
                                && pinBySlug.get(config.toolkit.slug) != config) {
                            errors.add(new FieldError("auth_config_ids[" + i + "]", "toolkit '" + config.toolkit.slug
                                    + "' already has auth config '" + pinBySlug.get(config.toolkit.slug).id + "'"));
                        }
                    }
                    if (errors.isEmpty() && seenSlugs.isEmpty() && pinBySlug.isEmpty()) {
                        errors.add(new FieldError(slugField, "at least one toolkit or auth config is required"));
                    }
                    if (!errors.isEmpty()) {
                        throw ProblemException.invalid(errors);
                    }
                    List<ServerToolkit> bindings = new ArrayList<>();
                    for (String slug : new LinkedHashSet<>(slugs)) {
                        AuthConfigEntity pin = pinBySlug.remove(slug);
                        bindings.add(new ServerToolkit(bySlug.get(slug).id, slug, pin == null ? null : pin.id));
                    }
                    for (String id : new LinkedHashSet<>(pins)) {
                        AuthConfigEntity config = byId.get(id);
                        if (pinBySlug.remove(config.toolkit.slug) != null) {
                            bindings.add(new ServerToolkit(config.toolkit.id, config.toolkit.slug, config.id));
                        }
                    }
                    return bindings;
                }));
    }

    private Uni<Void> checkNameFree(TenantId tenant, String name, String exceptId) {
        return servers.findByName(tenant, name.trim()).invoke(existing -> {
            if (existing != null && !existing.id.equals(exceptId)) {
                throw ProblemException.conflict("name", "An MCP server named '" + existing.name + "' already exists");
            }
        }).replaceWithVoid();
    }

    private static List<String> distinct(List<String> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }
}
