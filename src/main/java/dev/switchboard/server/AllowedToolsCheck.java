package dev.switchboard.server;

import dev.switchboard.authconfig.AuthConfigEntity;
import dev.switchboard.authconfig.AuthConfigRepository;
import dev.switchboard.common.problem.FieldError;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.gateway.fanout.ToolNamespace;
import dev.switchboard.tenancy.TenantId;
import dev.switchboard.toolkit.ToolkitEntity;
import dev.switchboard.toolkit.ToolkitRepository;
import dev.switchboard.toolkit.ToolkitTools;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Checks a server's allowed tools against what its upstreams really offer, when the configuration is
 * saved rather than when a client trips over it: every name must exist, and every exposed name must be
 * a valid MCP tool name ({@code [A-Za-z0-9_.-]}, at most 64 characters). An unreachable upstream cannot
 * be checked; names that could be its own are accepted (and logged).
 */
@ApplicationScoped
public class AllowedToolsCheck {

    private static final Logger LOG = Logger.getLogger(AllowedToolsCheck.class);
    static final Pattern EXPOSED_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    @Inject
    ToolkitRepository toolkits;

    @Inject
    AuthConfigRepository authConfigs;

    @Inject
    ToolkitTools toolkitTools;

    /** A toolkit's tool names, or null tools when its upstream could not be asked. */
    private record Listing(String slug, Set<String> tools) {
    }

    public Uni<Void> check(TenantId tenant, List<ServerToolkit> bindings, List<String> allowedTools) {
        if (allowedTools.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> toolkitIds = bindings.stream().map(b -> b.toolkitId).collect(Collectors.toSet());
        Set<String> pinIds = bindings.stream().map(b -> b.authConfigId).filter(id -> id != null).collect(Collectors.toSet());
        return toolkits.findByIds(tenant, toolkitIds).chain(found -> authConfigs.findByIds(tenant, pinIds).chain(pins -> {
            Map<String, ToolkitEntity> byId = found.stream().collect(Collectors.toMap(t -> t.id, t -> t));
            Map<String, AuthConfigEntity> pinById = pins.stream().collect(Collectors.toMap(a -> a.id, a -> a));
            List<Uni<Listing>> listings = new ArrayList<>();
            for (ServerToolkit binding : bindings) {
                ToolkitEntity toolkit = byId.get(binding.toolkitId);
                AuthConfigEntity pin = binding.authConfigId == null ? null : pinById.get(binding.authConfigId);
                listings.add(toolkitTools.list(toolkit, pin, false)
                        .map(tools -> new Listing(toolkit.slug, tools.stream().map(t -> t.path("name").asText())
                                .collect(Collectors.toSet())))
                        .onFailure().recoverWithItem(failure -> {
                            LOG.infof("Allowed tools of toolkit %s not checked: its upstream is unreachable (%s)",
                                    toolkit.slug, failure.getMessage());
                            return new Listing(toolkit.slug, null);
                        }));
            }
            return Uni.join().all(listings).andFailFast().invoke(results -> {
                Map<String, Set<String>> toolsBySlug = new HashMap<>();
                results.forEach(r -> toolsBySlug.put(r.slug(), r.tools()));
                List<FieldError> errors = problems(allowedTools, toolsBySlug);
                if (!errors.isEmpty()) {
                    throw ProblemException.invalid(errors);
                }
            }).replaceWithVoid();
        }));
    }

    /** Pure: the allowed tools that cannot work, given each toolkit's tools (null: not known). */
    static List<FieldError> problems(List<String> allowedTools, Map<String, Set<String>> toolsBySlug) {
        boolean allKnown = toolsBySlug.values().stream().allMatch(java.util.Objects::nonNull);
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < allowedTools.size(); i++) {
            String name = allowedTools.get(i);
            String field = "allowed_tools[" + i + "]";
            String[] parts = ToolNamespace.split(name);
            if (parts != null && toolsBySlug.containsKey(parts[0])) {
                Set<String> tools = toolsBySlug.get(parts[0]);
                if (tools != null && !tools.contains(parts[1])) {
                    errors.add(new FieldError(field, "toolkit '" + parts[0] + "' has no tool '" + parts[1] + "'"));
                } else if (!EXPOSED_NAME.matcher(name).matches()) {
                    errors.add(new FieldError(field, "'" + name + "' is not a valid MCP tool name (at most 64 of [A-Za-z0-9_.-])"));
                }
                continue;
            }
            Set<String> owners = new HashSet<>();
            toolsBySlug.forEach((slug, tools) -> {
                if (tools != null && tools.contains(name)) {
                    owners.add(slug);
                }
            });
            if (owners.isEmpty() && allKnown) {
                errors.add(new FieldError(field, "no toolkit of this server has a tool '" + name + "'"));
            }
            for (String slug : owners) {
                String exposed = ToolNamespace.expose(slug, name);
                if (!EXPOSED_NAME.matcher(exposed).matches()) {
                    errors.add(new FieldError(field, "'" + exposed + "' is not a valid MCP tool name (at most 64 of [A-Za-z0-9_.-])"));
                }
            }
        }
        return errors;
    }
}
