package dev.switchboard.toolkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.authconfig.AuthConfigEntity;
import dev.switchboard.authconfig.AuthConfigRepository;
import dev.switchboard.authconfig.StoredCredentials;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.UpstreamTransportKind;
import dev.switchboard.gateway.discovery.ToolDiscovery;
import dev.switchboard.gateway.upstream.UpstreamException;
import dev.switchboard.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** A toolkit's tools, as its upstream lists them (through the tool discovery cache). */
@ApplicationScoped
public class ToolkitTools {

    @Inject
    ToolkitRepository toolkits;

    @Inject
    AuthConfigRepository authConfigs;

    @Inject
    StoredCredentials credentials;

    @Inject
    ToolDiscovery discovery;

    public Uni<List<JsonNode>> list(TenantId tenant, String slug, String authConfigId, boolean refresh) {
        return target(tenant, slug, authConfigId).chain(target -> discovery.tools(tenant, target, refresh)
                .onFailure().transform(failure -> new ProblemException(502, "Bad Gateway",
                        "The upstream of toolkit '" + slug + "' did not list its tools: " + UpstreamException.of(slug, failure)
                                .getMessage(), List.of())));
    }

    /** The tools of a toolkit, asked with the given auth config's credential (or none). */
    public Uni<List<JsonNode>> list(ToolkitEntity toolkit, AuthConfigEntity authConfig, boolean refresh) {
        return discovery.tools(new TenantId(toolkit.tenantId), target(toolkit, authConfig), refresh);
    }

    private UpstreamTarget target(ToolkitEntity toolkit, AuthConfigEntity authConfig) {
        return new UpstreamTarget(toolkit.slug, toolkit.mcpUrl, UpstreamTransportKind.of(toolkit.transport),
                authConfig == null ? null : credentials.open(authConfig),
                toolkit.timeoutMs == null ? null : java.time.Duration.ofMillis(toolkit.timeoutMs));
    }

    @WithSession
    Uni<UpstreamTarget> target(TenantId tenant, String slug, String authConfigId) {
        return toolkits.findBySlug(tenant, slug)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Toolkit", slug))
                .chain(toolkit -> (authConfigId == null || authConfigId.isBlank()
                        ? Uni.createFrom().<AuthConfigEntity>nullItem()
                        : authConfigs.findById(tenant, authConfigId).invoke(config -> {
                            if (config == null || !config.toolkit.id.equals(toolkit.id)) {
                                throw ProblemException.invalid("auth_config_id",
                                        "toolkit '" + slug + "' has no auth config '" + authConfigId + "'");
                            }
                        }))
                        .map(config -> target(toolkit, config)));
    }
}
