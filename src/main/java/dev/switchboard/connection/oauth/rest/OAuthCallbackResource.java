package dev.switchboard.connection.oauth.rest;

import dev.switchboard.connection.oauth.OAuthConnections;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The user-facing ends of the OAuth2 connection flow, reached by a browser without Switchboard credentials: the
 * start URL an initiation answers (a capability, like a link) and the callback registered at the provider (bound
 * to its connection by the single-use state). Both answer redirects, or a small page saying what went wrong.
 */
@Path("/api/v3/toolkits/auth")
@PermitAll
@Tag(name = "Connection flow", description = "Where a user's browser completes an OAuth2 connected account")
public class OAuthCallbackResource {

    @Inject
    OAuthConnections connections;

    @GET
    @Path("/start/{authorization}")
    @Operation(summary = "Start connecting an OAuth2 account (the redirect_url of an initiation)",
            description = "Redirects to the provider's authorization endpoint with Switchboard's callback, the auth config's scopes, "
                    + "a new single-use state and a PKCE S256 challenge. Valid for 10 minutes after the initiation.")
    public Uni<Response> start(@PathParam("authorization") String authorization) {
        return connections.start(authorization).map(start -> start.refusal() != null
                ? page(start.refusal() == OAuthConnections.Refusal.UNKNOWN ? 404 : 410, "Connection not started", start.refusal().message)
                : Response.status(302).location(URI.create(start.location())).build());
    }

    @GET
    @Path("/callback")
    @Operation(summary = "The OAuth2 redirect URI to register at the provider",
            description = "Redeems the code, marks the account ACTIVE (or FAILED with a reason), then redirects to the initiation's "
                    + "callback_url with status=success|failed and connected_account_id. A reused, unknown or expired state gets 400 "
                    + "and changes nothing.")
    public Uni<Response> callback(@QueryParam("state") String state, @QueryParam("code") String code,
            @QueryParam("error") String error, @QueryParam("error_description") String errorDescription) {
        return connections.complete(state, code, error, errorDescription).map(done -> {
            if (done.refusal() != null) {
                return page(400, "Connection not completed", done.refusal().message);
            }
            String status = done.success() ? "success" : "failed";
            if (done.callbackUrl() != null) {
                String separator = done.callbackUrl().contains("?") ? "&" : "?";
                return Response.status(302).location(URI.create(done.callbackUrl() + separator + "status=" + status
                        + "&connected_account_id=" + URLEncoder.encode(done.accountId(), StandardCharsets.UTF_8))).build();
            }
            return done.success()
                    ? page(200, "Account connected", "Connected account " + done.accountId() + " is active. You can close this window.")
                    : page(200, "Connection failed", "Connected account " + done.accountId() + " could not be connected: " + done.reason());
        });
    }

    private static Response page(int status, String title, String text) {
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escaped(title) + "</title></head>"
                + "<body><h1>" + escaped(title) + "</h1><p>" + escaped(text) + "</p></body></html>";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .header("Cache-Control", "no-store").header("Content-Security-Policy", "default-src 'none'")
                .entity(html).build();
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
