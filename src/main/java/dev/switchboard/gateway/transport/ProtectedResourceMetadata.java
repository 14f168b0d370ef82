package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.common.McpUrls;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.common.problem.ProblemResponses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728), as the MCP authorization spec asks: tells an MCP
 * client which IdP issues tokens for Switchboard, so it can log the user in through SSO by itself.
 * Served at {@code /.well-known/oauth-protected-resource} and at its path-suffixed form for each MCP URL.
 */
@ApplicationScoped
public class ProtectedResourceMetadata {

    static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true")
    boolean oidcEnabled;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    Optional<String> issuer;

    @Inject
    McpUrls urls;

    void install(@Observes Router router) {
        router.get(WELL_KNOWN).handler(this::answer);
        router.get(WELL_KNOWN + "/*").handler(this::answer);
    }

    /** The {@code WWW-Authenticate} challenge for a 401 on an MCP URL. */
    public String challenge(RoutingContext ctx) {
        return oidcEnabled
                ? "Bearer resource_metadata=\"" + urls.base() + WELL_KNOWN + ctx.request().path() + "\""
                : "Bearer realm=\"switchboard\"";
    }

    private void answer(RoutingContext ctx) {
        if (!oidcEnabled || issuer.isEmpty()) {
            ProblemResponses.write(ctx.response(), new ProblemException(404, "Not Found",
                    "Single sign-on is not configured; use an API key (x-api-key)", List.of()));
            return;
        }
        String resourcePath = ctx.request().path().substring(WELL_KNOWN.length());
        ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("resource", urls.base() + resourcePath);
        metadata.putArray("authorization_servers").add(issuer.get());
        metadata.putArray("bearer_methods_supported").add("header");
        metadata.putArray("scopes_supported").add("openid");
        metadata.put("resource_name", "Switchboard");
        ctx.response().putHeader("Cache-Control", "max-age=300");
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(metadata.toString());
    }
}
