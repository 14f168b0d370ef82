package dev.switchboard.server;

import dev.switchboard.authconfig.AuthConfigEntity;
import dev.switchboard.authconfig.AuthConfigRepository;
import dev.switchboard.common.problem.FieldError;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.gateway.fanout.Namespace;
import dev.switchboard.gateway.upstream.UpstreamException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Checks what a server will expose against what its upstreams really offer, when the configuration is
 * saved rather than when a client trips over it: every allowed tool must exist, and every exposed name
 * must be a valid MCP tool name ({@code [A-Za-z0-9_.-]}, at most 64 characters) and unique (which only
 * the unprefixed names can fail). An unreachable upstream cannot be checked; names that could be its own
 * are accepted (and logged).
 */
@ApplicationScoped
public class ExposedToolsCheck {

    private static final Logger LOG = Logger.getLogger(ExposedToolsCheck.class);
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

    public Uni<Void> check(TenantId tenant, List<ServerToolkit> bindings, List<String> allowedTools, boolean prefixed) {
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
                            LOG.infof("Tools of toolkit %s not checked: its upstream is unreachable (%s)",
                                    toolkit.slug, UpstreamException.of(toolkit.slug, failure).getMessage());
                            return new Listing(toolkit.slug, null);
                        }));
            }
            return Uni.join().all(listings).andFailFast().invoke(results -> {
                Map<String, Set<String>> toolsBySlug = new LinkedHashMap<>();
                results.forEach(r -> toolsBySlug.put(r.slug(), r.tools()));
                List<FieldError> errors = problems(allowedTools, toolsBySlug, prefixed);
                if (!errors.isEmpty()) {
                    throw ProblemException.invalid(errors);
                }
            }).replaceWithVoid();
        }));
    }

    /** Pure: what cannot work, given each toolkit's tools in server order (null: not known). */
    static List<FieldError> problems(List<String> allowedTools, Map<String, Set<String>> toolsBySlug, boolean prefixed) {
        List<FieldError> errors = new ArrayList<>(missing(allowedTools, toolsBySlug));
        Map<String, String> ownerByExposed = new HashMap<>();
        Set<String> reported = new HashSet<>();
        toolsBySlug.forEach((slug, tools) -> {
            if (tools == null) {
                return;
            }
            tools.stream().sorted().filter(name -> isAllowed(allowedTools, slug, name)).forEach(name -> {
                String exposed = Namespace.expose(prefixed, slug, name);
                String field = fieldOf(allowedTools, slug, name);
                if (!EXPOSED_NAME.matcher(exposed).matches() && reported.add(field + exposed)) {
                    errors.add(new FieldError(field, "'" + exposed + "' (tool '" + name + "' of toolkit '" + slug
                            + "') is not a valid MCP tool name (at most 64 of [A-Za-z0-9_.-])"));
                }
                String other = ownerByExposed.putIfAbsent(exposed, slug);
                if (other != null && reported.add("prefix" + exposed)) {
                    errors.add(new FieldError("tool_name_prefix", "toolkits '" + other + "' and '" + slug
                            + "' both have a tool '" + name + "': keep the prefix on, or leave one out of allowed_tools"));
                }
            });
        });
        return errors;
    }

    private static List<FieldError> missing(List<String> allowedTools, Map<String, Set<String>> toolsBySlug) {
        boolean allKnown = toolsBySlug.values().stream().allMatch(java.util.Objects::nonNull);
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < allowedTools.size(); i++) {
            String name = allowedTools.get(i);
            String field = "allowed_tools[" + i + "]";
            Namespace.Owned parts = Namespace.split(name);
            if (parts != null && toolsBySlug.containsKey(parts.slug())) {
                Set<String> tools = toolsBySlug.get(parts.slug());
                if (tools != null && !tools.contains(parts.name())) {
                    errors.add(new FieldError(field, "toolkit '" + parts.slug() + "' has no tool '" + parts.name() + "'"));
                }
            } else if (allKnown && toolsBySlug.values().stream().noneMatch(tools -> tools.contains(name))) {
                errors.add(new FieldError(field, "no toolkit of this server has a tool '" + name + "'"));
            }
        }
        return errors;
    }

    /** The gateway's rule (see ToolCatalog.allowed): the prefixed name or the bare name may allow a tool. */
    private static boolean isAllowed(List<String> allowedTools, String slug, String name) {
        return allowedTools.isEmpty() || allowedTools.contains(Namespace.expose(slug, name)) || allowedTools.contains(name);
    }

    private static String fieldOf(List<String> allowedTools, String slug, String name) {
        int at = allowedTools.indexOf(Namespace.expose(slug, name));
        at = at >= 0 ? at : allowedTools.indexOf(name);
        return at >= 0 ? "allowed_tools[" + at + "]" : "toolkits";
    }
}
