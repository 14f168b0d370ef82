package dev.switchboard.toolkit;

import dev.switchboard.common.HttpUrls;
import dev.switchboard.common.SecureIds;
import dev.switchboard.common.Timestamps;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.common.problem.FieldError;
import dev.switchboard.common.problem.ForeignKeys;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.gateway.upstream.UpstreamAddressCheck;
import dev.switchboard.tenancy.TenantId;
import dev.switchboard.toolkit.rest.ToolkitRequests;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import dev.switchboard.common.cache.ChangesConfiguration;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class ToolkitService {

    public static final String DEFAULT_TRANSPORT = "streamable_http";

    @Inject
    ToolkitRepository toolkits;

    @Inject
    UpstreamAddressCheck addresses;

    @WithTransaction
    public Uni<ToolkitEntity> create(TenantId tenant, ToolkitRequests.Create body) {
        checkUrls(body.mcpUrl(), body.logoUrl());
        return toolkits.findBySlug(tenant, body.slug()).chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("slug", "A toolkit with slug '" + body.slug() + "' already exists");
            }
            ToolkitEntity toolkit = new ToolkitEntity();
            toolkit.id = SecureIds.newId(ToolkitEntity.ID_PREFIX);
            toolkit.slug = body.slug();
            toolkit.name = body.name().trim();
            toolkit.mcpUrl = body.mcpUrl().trim();
            toolkit.transport = body.transport() == null ? DEFAULT_TRANSPORT : body.transport();
            toolkit.description = body.description();
            toolkit.logoUrl = body.logoUrl();
            toolkit.timeoutMs = body.timeoutMs();
            toolkit.createdAt = Timestamps.now();
            toolkit.updatedAt = toolkit.createdAt;
            return toolkits.persist(tenant, toolkit);
        });
    }

    @WithSession
    public Uni<Page<ToolkitEntity>> list(TenantId tenant, PageRequest page) {
        return toolkits.page(tenant, page);
    }

    @WithSession
    public Uni<ToolkitEntity> get(TenantId tenant, String slug) {
        return toolkits.findBySlug(tenant, slug)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Toolkit", slug));
    }

    @WithTransaction
    @ChangesConfiguration
    public Uni<ToolkitEntity> update(TenantId tenant, String slug, ToolkitRequests.Update body) {
        if (body.slug() != null && !body.slug().equals(slug)) {
            throw ProblemException.invalid("slug", "cannot be changed; create a new toolkit instead");
        }
        checkUrls(body.mcpUrl(), body.logoUrl() == null ? null : body.logoUrl().orElse(null));
        return get(tenant, slug).invoke(toolkit -> {
            if (body.name() != null) {
                toolkit.name = body.name().trim();
            }
            if (body.mcpUrl() != null) {
                toolkit.mcpUrl = body.mcpUrl().trim();
            }
            if (body.transport() != null) {
                toolkit.transport = body.transport();
            }
            if (body.description() != null) {
                toolkit.description = body.description().orElse(null);
            }
            if (body.logoUrl() != null) {
                toolkit.logoUrl = body.logoUrl().orElse(null);
            }
            if (body.timeoutMs() != null) {
                toolkit.timeoutMs = body.timeoutMs().orElse(null);
            }
            toolkit.updatedAt = Timestamps.now();
        });
    }

    @WithTransaction
    @ChangesConfiguration
    public Uni<ToolkitEntity> delete(TenantId tenant, String slug) {
        Uni<ToolkitEntity> delete = get(tenant, slug)
                .call(toolkit -> toolkits.delete(tenant, toolkit))
                .call(toolkits::flush);
        return ForeignKeys.stillReferenced(delete, () -> "Toolkit '" + slug
                + "' is still used by auth configs or MCP servers; remove it from them first");
    }

    /** Both URLs are http(s) URLs; the upstream's also obeys the upstream address policy. */
    private void checkUrls(String mcpUrl, String logoUrl) {
        List<FieldError> errors = new ArrayList<>();
        Optional.ofNullable(mcpUrl).map(String::trim).map(url -> Optional.ofNullable(HttpUrls.problemWith(url))
                .orElseGet(() -> addresses.problemWith(url))).ifPresent(p -> errors.add(new FieldError("mcp_url", p)));
        Optional.ofNullable(logoUrl).map(HttpUrls::problemWith).ifPresent(p -> errors.add(new FieldError("logo_url", p)));
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
