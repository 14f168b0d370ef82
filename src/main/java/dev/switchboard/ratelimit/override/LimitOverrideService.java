package dev.switchboard.ratelimit.override;

import dev.switchboard.common.SecureIds;
import dev.switchboard.common.Timestamps;
import dev.switchboard.common.cache.ChangesConfiguration;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.common.problem.FieldError;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.ratelimit.KeyKind;
import dev.switchboard.ratelimit.rest.RateLimitRequests;
import dev.switchboard.server.McpServerRepository;
import dev.switchboard.tenancy.TenantId;
import dev.switchboard.toolkit.ToolkitRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Overrides of the configured rate limits. Each change is announced to every replica, whose admission stage
 * reads the tenant's overrides again (see {@link LimitOverrides}).
 */
@ApplicationScoped
public class LimitOverrideService {

    @Inject
    LimitOverrideRepository overrides;

    @Inject
    McpServerRepository servers;

    @Inject
    ToolkitRepository toolkits;

    @WithTransaction
    @ChangesConfiguration
    public Uni<LimitOverrideEntity> create(TenantId tenant, RateLimitRequests.Create body) {
        LimitSubject subject = subjectOf(body);
        return checkExists(tenant, subject)
                .chain(() -> overrides.findBySubject(tenant, subject))
                .chain(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("A " + subject.kind().label() + " rate limit for this subject already "
                                + "exists (" + existing.id + "); change it with PATCH");
                    }
                    LimitOverrideEntity entity = new LimitOverrideEntity();
                    entity.id = SecureIds.newId(LimitOverrideEntity.ID_PREFIX);
                    entity.keyKind = subject.kind().label();
                    entity.subject = subject.stored();
                    set(entity, body.rate(), body.window(), body.burst());
                    entity.createdAt = entity.updatedAt;
                    return overrides.persist(tenant, entity);
                });
    }

    @WithSession
    public Uni<Page<LimitOverrideEntity>> list(TenantId tenant, String key, PageRequest page) {
        if (key != null && !List.of("tenant", "user", "server", "tool").contains(key)) {
            throw ProblemException.invalid("key", "must be tenant, user, server or tool");
        }
        return overrides.page(tenant, key, page);
    }

    @WithSession
    public Uni<LimitOverrideEntity> get(TenantId tenant, String id) {
        return overrides.getById(tenant, id);
    }

    @WithTransaction
    @ChangesConfiguration
    public Uni<LimitOverrideEntity> update(TenantId tenant, String id, RateLimitRequests.Update body) {
        return ownedByTenantAdmin(tenant, id).invoke(entity -> set(entity,
                body.rate() == null ? entity.rate : body.rate(),
                body.window() == null ? entity.window : body.window(),
                body.burst() == null ? entity.burst : body.burst().orElse(null)));
    }

    @WithTransaction
    @ChangesConfiguration
    public Uni<LimitOverrideEntity> delete(TenantId tenant, String id) {
        return ownedByTenantAdmin(tenant, id).call(entity -> overrides.delete(tenant, entity));
    }

    /** The tenant's own limit, which only a platform admin sets; null when the default applies. */
    @WithSession
    public Uni<LimitOverrideEntity> tenantLimit(TenantId tenant) {
        return overrides.findBySubject(tenant, LimitSubject.tenant());
    }

    @WithTransaction
    @ChangesConfiguration
    public Uni<LimitOverrideEntity> setTenantLimit(TenantId tenant, RateLimitRequests.Set body) {
        return overrides.findBySubject(tenant, LimitSubject.tenant()).chain(existing -> {
            if (existing != null) {
                set(existing, body.rate(), body.window(), body.burst());
                return Uni.createFrom().item(existing);
            }
            LimitOverrideEntity entity = new LimitOverrideEntity();
            entity.id = SecureIds.newId(LimitOverrideEntity.ID_PREFIX);
            entity.keyKind = KeyKind.TENANT.label();
            entity.subject = LimitSubject.tenant().stored();
            set(entity, body.rate(), body.window(), body.burst());
            entity.createdAt = entity.updatedAt;
            return overrides.persist(tenant, entity);
        });
    }

    /** Answers whether there was one to remove. */
    @WithTransaction
    @ChangesConfiguration
    public Uni<Boolean> removeTenantLimit(TenantId tenant) {
        return overrides.findBySubject(tenant, LimitSubject.tenant()).chain(existing -> existing == null
                ? Uni.createFrom().item(false)
                : overrides.delete(tenant, existing).replaceWith(true));
    }

    /** A server's own limits go with it; called inside the transaction that deletes the server. */
    public Uni<Void> forgetServer(TenantId tenant, String serverId) {
        return overrides.findByServer(tenant, serverId).chain(found -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (LimitOverrideEntity entity : found) {
                all = all.chain(() -> overrides.delete(tenant, entity));
            }
            return all;
        });
    }

    private Uni<LimitOverrideEntity> ownedByTenantAdmin(TenantId tenant, String id) {
        return overrides.getById(tenant, id).invoke(entity -> {
            if (KeyKind.TENANT.label().equals(entity.keyKind)) {
                throw ProblemException.forbidden("The tenant's own rate limit is set by a platform admin");
            }
        });
    }

    private static void set(LimitOverrideEntity entity, long rate, String window, Long burst) {
        entity.rate = rate;
        entity.window = window.toLowerCase(Locale.ROOT);
        entity.burst = burst;
        entity.updatedAt = Timestamps.now();
    }

    /** Each subject field belongs to one key kind; a tool belongs to a toolkit. */
    private static LimitSubject subjectOf(RateLimitRequests.Create body) {
        KeyKind kind = KeyKind.of(body.key());
        List<FieldError> errors = new ArrayList<>();
        onlyFor(errors, kind, KeyKind.USER, "user_id", body.userId());
        onlyFor(errors, kind, KeyKind.SERVER, "server_id", body.serverId());
        onlyFor(errors, kind, KeyKind.TOOL, "toolkit", body.toolkit());
        onlyFor(errors, kind, KeyKind.TOOL, "tool", body.tool());
        if (LimitSubject.EVERY.equals(body.userId())) {
            errors.add(new FieldError("user_id", "must be a user id; leave it out to limit every user"));
        }
        if (body.tool() != null && body.toolkit() == null) {
            errors.add(new FieldError("toolkit", "is required with tool"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new LimitSubject(kind, body.userId(), body.serverId(), body.toolkit(), body.tool());
    }

    private static void onlyFor(List<FieldError> errors, KeyKind kind, KeyKind owner, String field, String value) {
        if (value != null && kind != owner) {
            errors.add(new FieldError(field, "applies only to key " + owner.label()));
        }
    }

    private Uni<Void> checkExists(TenantId tenant, LimitSubject subject) {
        if (subject.serverId() != null) {
            return servers.findById(tenant, subject.serverId()).invoke(server -> {
                if (server == null) {
                    throw ProblemException.invalid("server_id", "no MCP server '" + subject.serverId() + "' in this tenant");
                }
            }).replaceWithVoid();
        }
        if (subject.toolkit() != null) {
            return toolkits.findBySlug(tenant, subject.toolkit()).invoke(toolkit -> {
                if (toolkit == null) {
                    throw ProblemException.invalid("toolkit", "no toolkit '" + subject.toolkit() + "' in this tenant");
                }
            }).replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }
}
