package dev.switchboard.connection.rest;

import dev.switchboard.common.ApiPaths;
import dev.switchboard.common.QueryLists;
import dev.switchboard.common.paging.CursorPage;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.common.paging.SortOrder;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.connection.AccountStatus;
import dev.switchboard.connection.ConnectedAccountFilter;
import dev.switchboard.connection.ConnectedAccountService;
import dev.switchboard.connection.link.ConnectionLinks;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.identity.Principal;
import dev.switchboard.identity.Roles;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * Composio's connected account API. An API key or an admin manages any account of the tenant; an SSO member
 * only their own (another user's account is not found).
 */
@Path(ApiPaths.ROOT + "/connected_accounts")
@Authenticated
@Tag(name = "Connected accounts", description = "One user's own credentials for an auth config; keys are write-only")
public class ConnectedAccountResource {

    private static final Set<String> ORDER_FIELDS = Set.of("created_at", "updated_at");

    @Inject
    CurrentPrincipal caller;

    @Inject
    ConnectedAccountService accounts;

    @Inject
    ConnectionLinks links;

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Connect an account (composio.connectedAccounts.initiate)",
            description = "{\"auth_config\": {\"id\"}, \"connection\": {\"user_id\", \"state\"}}: for an API_KEY or BEARER_TOKEN auth config "
                    + "without a shared key, state carries the user's key as the SDK's AuthScheme.APIKey / BearerToken build it; "
                    + "for NO_AUTH it may be left out. The account is ACTIVE at once; the key is encrypted and answered masked.")
    public Uni<ConnectedAccountView.Created> create(@Valid @NotNull ConnectedAccountRequests.Create body) {
        Principal member = caller.member();
        String userId = caller.actingUser(member, body.connection().userId(), "connection.user_id");
        return accounts.create(member.tenantId(), userId, member.subject(), body).map(ConnectedAccountView.Created::of);
    }

    @POST
    @Path("/link")
    @ResponseStatus(201)
    @Operation(summary = "Start a connection the user completes (composio.connectedAccounts.link)",
            description = "{\"auth_config_id\", \"user_id\", \"callback_url\"?, \"alias\"?}: a new INITIATED account and a single-use "
                    + "redirect_url ({public}/link/{link_token}) that works for 10 minutes; for an API_KEY or BEARER_TOKEN auth config "
                    + "it serves a form taking the user's key. Afterwards the browser goes to callback_url with "
                    + "status=success&connected_account_id=…; an account left INITIATED becomes EXPIRED.")
    public Uni<ConnectedAccountView.Linked> link(@Valid @NotNull ConnectedAccountRequests.Link body) {
        Principal member = caller.member();
        if (body.experimental() != null && "SHARED".equals(body.experimental().accountType())) {
            throw ProblemException.invalid("experimental.account_type", "SHARED accounts are not supported: an account is one user's own");
        }
        String userId = caller.actingUser(member, body.userId(), "user_id");
        return links.start(member.tenantId(), userId, body.authConfigId(), "auth_config_id", body.callbackUrl(), body.alias(),
                member.subject()).map(ConnectedAccountView.Linked::of);
    }

    @GET
    @Operation(summary = "List connected accounts (composio.connectedAccounts.list)",
            description = "Filters (comma-separated lists): user_ids, toolkit_slugs, auth_config_ids, statuses, connected_account_ids; "
                    + "order_by created_at (default) or updated_at, order_direction desc (default) or asc; pages by cursor "
                    + "(next_cursor of the previous page) and limit.")
    public Uni<CursorPage<ConnectedAccountView>> list(@QueryParam("user_ids") String userIds,
            @QueryParam("toolkit_slugs") String toolkitSlugs, @QueryParam("auth_config_ids") String authConfigIds,
            @QueryParam("statuses") String statuses, @QueryParam("connected_account_ids") String accountIds,
            @QueryParam("order_by") String orderBy, @QueryParam("order_direction") String orderDirection,
            @QueryParam("account_type") String accountType, @QueryParam("cursor") String cursor,
            @QueryParam("page_no") String pageNo, @QueryParam("limit") String limit) {
        Principal member = caller.member();
        SortOrder order = SortOrder.parse(orderBy, orderDirection, ORDER_FIELDS, "created_at");
        ConnectedAccountFilter filter = new ConnectedAccountFilter(QueryLists.parse(userIds), QueryLists.parse(toolkitSlugs),
                QueryLists.parse(authConfigIds), statuses(statuses), QueryLists.parse(accountIds), order.field(), order.ascending());
        PageRequest page = CursorPage.request(cursor, pageNo, limit);
        if (onlyShared(accountType)) {
            return Uni.createFrom().item(CursorPage.of(Page.<ConnectedAccountView>of(List.of(), page, 0)));
        }
        return accounts.list(member.tenantId(), filter, onlyUser(member), page)
                .map(found -> CursorPage.of(found.map(ConnectedAccountView::of)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a connected account (composio.connectedAccounts.get, waitForConnection)")
    public Uni<ConnectedAccountView> get(@PathParam("id") String id) {
        Principal member = caller.member();
        return accounts.get(member.tenantId(), id, onlyUser(member)).map(ConnectedAccountView::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a connected account (composio.connectedAccounts.delete)")
    public Uni<ConnectedAccountView.Success> delete(@PathParam("id") String id) {
        Principal member = caller.member();
        return accounts.delete(member.tenantId(), id, onlyUser(member)).map(deleted -> new ConnectedAccountView.Success(true));
    }

    @POST
    @Path("/{id}/refresh")
    @Operation(summary = "Reconnect an OAuth2 account (composio.connectedAccounts.refresh)",
            description = "Starts a new authorization: the account becomes INITIATED with a new redirect_url (its tokens are dropped), "
                    + "and after the user completes it, ACTIVE again. ?redirect_url= is where the user is sent afterwards (default: the "
                    + "initiation's callback_url). This is how an EXPIRED or FAILED account is reconnected; validate_credentials is ignored, "
                    + "since tokens are refreshed by the gateway itself before they expire.")
    public Uni<ConnectedAccountView.Refreshed> refresh(@PathParam("id") String id, @QueryParam("redirect_url") String redirectUrl) {
        Principal member = caller.member();
        return accounts.reauthorize(member.tenantId(), id, onlyUser(member), redirectUrl == null || redirectUrl.isBlank() ? null : redirectUrl)
                .map(ConnectedAccountView.Refreshed::of);
    }

    @PATCH
    @Path("/{id}/status")
    @Operation(summary = "Enable or disable a connected account (composio.connectedAccounts.enable / disable)",
            description = "{\"enabled\": bool}. A disabled account is INACTIVE and used by no call; enabled again, it returns to its status.")
    public Uni<ConnectedAccountView.Success> setStatus(@PathParam("id") String id,
            @Valid @NotNull ConnectedAccountRequests.StatusChange body) {
        Principal member = caller.member();
        return accounts.setEnabled(member.tenantId(), id, onlyUser(member), body.enabled())
                .map(changed -> new ConnectedAccountView.Success(true));
    }

    /** An SSO member's own user id; null for an API key or an admin, who may manage every account of the tenant. */
    private static String onlyUser(Principal principal) {
        return principal.isApiKey() || principal.hasRole(Roles.ADMIN) ? null : principal.userId();
    }

    private static List<AccountStatus> statuses(String raw) {
        return QueryLists.parse(raw).stream().map(value -> AccountStatus.parse(value).orElseThrow(() -> ProblemException.invalid(
                "statuses", "'" + value + "' is not a status; use " + Arrays.toString(AccountStatus.values())))).toList();
    }

    /** Every account is one user's own (PRIVATE): asking for SHARED ones finds none. */
    private static boolean onlyShared(String accountType) {
        if (accountType == null || accountType.isBlank()) {
            return false;
        }
        return switch (accountType.trim()) {
            case "PRIVATE", "ALL" -> false;
            case "SHARED" -> true;
            default -> throw ProblemException.invalid("account_type", "must be PRIVATE, SHARED or ALL");
        };
    }
}
