package dev.switchboard.connection.rest;

import dev.switchboard.common.McpUrls;
import dev.switchboard.common.SecureIds;
import dev.switchboard.connection.link.ConnectionLinks;
import dev.switchboard.connection.link.LinkCsrf;
import dev.switchboard.connection.link.LinkPage;
import dev.switchboard.connection.link.LinkSubmissions;
import dev.switchboard.connection.link.LinkSubmissions.KeyRefused;
import dev.switchboard.connection.link.LinkSubmissions.LinkForm;
import dev.switchboard.connection.link.LinkSubmissions.LinkRefused;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import dev.switchboard.connection.oauth.OAuthConnections;
import dev.switchboard.tenancy.TenantId;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The page a connection link opens ({@code redirect_url} of {@code connectedAccounts.link} and
 * {@code session.authorize}): for an API_KEY or BEARER_TOKEN auth config, a form the user fills in with their key;
 * for an OAUTH2 one, a redirect into the OAuth2 connection flow ({@link OAuthConnections}).
 * The link token in the path is the only credential; the form is CSRF-guarded ({@link LinkCsrf}) and served with
 * a strict Content-Security-Policy. After the key is taken the browser goes to the link's {@code callback_url}
 * with {@code status=success&connected_account_id=…}, or sees that it worked.
 */
@Path(ConnectionLinks.LINK_PATH + "{token}")
@PermitAll
@Tag(name = "Connected accounts")
public class LinkPageResource {

    static final String CSRF_COOKIE = "switchboard_link_csrf";

    @Inject
    LinkSubmissions submissions;

    @Inject
    LinkCsrf csrf;

    @Inject
    OAuthConnections oauth;

    @Inject
    McpUrls urls;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The connection page of a link", description = "Names the toolkit and what is asked for; no secret.")
    public Uni<Response> show(@PathParam("token") String token) {
        return submissions.open(token).chain(form -> switch (form.page()) {
                    case KEY_FORM -> Uni.createFrom().item(formPage(token, form, null, 200));
                    // Each visit starts the authorization again (earlier start URLs stop working) until the account is ACTIVE.
                    case PROVIDER_LOGIN -> oauth.beginAuthorization(new TenantId(form.tenantId()), form.accountId(), form.callbackUrl())
                            .map(start -> Response.seeOther(URI.create(start)).header("Cache-Control", "no-store")
                                    .header("Referrer-Policy", "no-referrer").build());
                })
                .onFailure(LinkRefused.class).recoverWithItem(refused -> refusedPage((LinkRefused) refused));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Submit the key of a link", description = "Form fields csrf and key; the link is used up on success.")
    public Uni<Response> submit(@PathParam("token") String token, @FormParam("csrf") String csrfField,
            @FormParam("key") String key, @CookieParam(CSRF_COOKIE) String csrfCookie) {
        if (!csrf.verify(token, csrfCookie, csrfField)) {
            String nonce = nonce();
            return Uni.createFrom().item(html(403, LinkPage.message("Please try again",
                    "This form expired or did not come from this page. Open the link again and resubmit.", nonce), nonce, null).build());
        }
        return submissions.complete(token, key).map(this::done)
                .onFailure(LinkRefused.class).recoverWithItem(refused -> refusedPage((LinkRefused) refused))
                .onFailure(KeyRefused.class).recoverWithItem(refused -> formPage(token, ((KeyRefused) refused).form(),
                        refused.getMessage(), 400));
    }

    private Response formPage(String token, LinkForm form, String error, int status) {
        LinkCsrf.Pair pair = csrf.issue(token);
        String nonce = nonce();
        NewCookie cookie = new NewCookie.Builder(CSRF_COOKIE).value(pair.cookie()).path(basePath() + ConnectionLinks.LINK_PATH + token)
                .httpOnly(true).secure(urls.base().startsWith("https:")).sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) ConnectionLinks.LIFETIME.toSeconds()).build();
        return html(status, LinkPage.form(form, pair.field(), error, nonce), nonce, form.callbackUrl()).cookie(cookie).build();
    }

    private Response done(LinkForm form) {
        if (form.callbackUrl() != null) {
            return Response.seeOther(URI.create(withSuccess(form.callbackUrl(), form.accountId())))
                    .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build();
        }
        String nonce = nonce();
        return html(200, LinkPage.message("Connected", form.toolkitName() + " is connected. You can close this page and "
                + "return to your app.", nonce), nonce, null).build();
    }

    private static Response refusedPage(LinkRefused refused) {
        String nonce = nonce();
        return html(refused.status(), LinkPage.message("This link cannot be used", refused.getMessage(), nonce), nonce, null).build();
    }

    /** {@code callback_url} with the outcome added to its query, before any fragment. */
    static String withSuccess(String callbackUrl, String accountId) {
        int hash = callbackUrl.indexOf('#');
        String base = hash < 0 ? callbackUrl : callbackUrl.substring(0, hash);
        String fragment = hash < 0 ? "" : callbackUrl.substring(hash);
        return base + (base.contains("?") ? "&" : "?") + "status=success&connected_account_id=" + McpUrls.encode(accountId)
                + fragment;
    }

    /**
     * The page's headers: nothing loads but the nonce'd style; the form posts here only, then may be redirected to
     * the callback's origin (browsers apply form-action to that redirect); no framing; the token in the URL is
     * never sent on as a referrer; nothing is cached.
     */
    private static Response.ResponseBuilder html(int status, String page, String nonce, String callbackUrl) {
        String formAction = "'self'" + (callbackUrl == null ? "" : " " + origin(callbackUrl));
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(page)
                .header("Content-Security-Policy", "default-src 'none'; style-src 'nonce-" + nonce + "'; form-action " + formAction
                        + "; frame-ancestors 'none'; base-uri 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store");
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private String basePath() {
        String path = URI.create(urls.base()).getRawPath();
        return path == null ? "" : path;
    }

    private static String nonce() {
        return SecureIds.newSecret("n").substring(2, 26);
    }
}
