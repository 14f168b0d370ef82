package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.common.McpUrls;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.common.problem.ProblemResponses;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.pipeline.OriginPolicy;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728), as the MCP authorization spec asks: tells an MCP
 * client which IdP issues tokens for Switchboard and which scopes to ask it for, so it can log the user in
 * through SSO by itself. Served at {@code /.well-known/oauth-protected-resource} and at its path-suffixed
 * form for each MCP URL; the gateway's {@code WWW-Authenticate} challenges point there.
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

    @Inject
    OriginPolicy origins;

    @Inject
    SwitchboardConfig config;

    private List<String> scopes;
    private String publicHost;
    private int publicPort;

    @PostConstruct
    void load() {
        scopes = config.identity().scopes().orElse(List.of()).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        URI publicUrl = URI.create(urls.base());
        publicHost = publicUrl.getHost();
        publicPort = publicUrl.getPort() > 0 ? publicUrl.getPort() : "https".equalsIgnoreCase(publicUrl.getScheme()) ? 443 : 80;
    }

    void install(@Observes Router router) {
        router.get(WELL_KNOWN).handler(this::answer);
        router.get(WELL_KNOWN + "/*").handler(this::answer);
    }

    /** The challenge of a 401 on an MCP URL to a request without credentials. */
    public String challenge(RoutingContext ctx) {
        return oidcEnabled ? bearer(ctx, null, null) : "Bearer realm=\"switchboard\"";
    }

    /** The challenge of a 401 to a refused bearer token (expired, another audience, not the IdP's): log in again. */
    public String invalidToken(RoutingContext ctx, String reason) {
        return bearer(ctx, BearerChallenge.INVALID_TOKEN, reason);
    }

    /** The challenge of a 403 to a token without claims the advertised scopes give: ask the IdP for them. */
    public String insufficientScope(RoutingContext ctx, String reason) {
        return bearer(ctx, BearerChallenge.INSUFFICIENT_SCOPE, reason);
    }

    private String bearer(RoutingContext ctx, String error, String description) {
        return new BearerChallenge(resourceBase(ctx) + WELL_KNOWN + ctx.request().path(), scopes, error, description)
                .toString();
    }

    /**
     * The base URL the client reached Switchboard under, when MCP URLs answer to that host: a client checks
     * that the metadata names the URL it used (RFC 9728 §3.3). The public URL's host with its port or none
     * gets the public URL (a TLS-terminating proxy in front hides the scheme and port the client used), and
     * so does a host MCP URLs do not answer to.
     */
    private String resourceBase(RoutingContext ctx) {
        HostAndPort authority = ctx.request().authority();
        if (authority == null || !origins.allowsHost(authority.host()) || authority.host().equalsIgnoreCase(publicHost)
                && (authority.port() < 0 || authority.port() == publicPort)) {
            return urls.base();
        }
        String host = authority.host();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return ctx.request().scheme() + "://" + host + (authority.port() > 0 ? ":" + authority.port() : "");
    }

    private void answer(RoutingContext ctx) {
        if (!oidcEnabled || issuer.isEmpty()) {
            ProblemResponses.write(ctx.response(), new ProblemException(404, "Not Found",
                    "Single sign-on is not configured; use an API key (x-api-key)", List.of()));
            return;
        }
        String resourcePath = ctx.request().path().substring(WELL_KNOWN.length());
        ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("resource", resourceBase(ctx) + resourcePath);
        metadata.putArray("authorization_servers").add(issuer.get());
        metadata.putArray("bearer_methods_supported").add("header");
        if (!scopes.isEmpty()) {
            ArrayNode supported = metadata.putArray("scopes_supported");
            scopes.forEach(supported::add);
        }
        metadata.put("resource_name", "Switchboard");
        ctx.response().putHeader("Cache-Control", "max-age=300").putHeader("Vary", "Host");
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(metadata.toString());
    }
}
