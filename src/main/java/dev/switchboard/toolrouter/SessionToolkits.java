package dev.switchboard.toolrouter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.common.paging.CursorPage;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.connection.link.ConnectionLinks;
import dev.switchboard.gateway.ConnectionLinkIssuer.IssuedLink;
import dev.switchboard.tenancy.TenantId;
import dev.switchboard.toolrouter.rest.SessionToolkitView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A session's toolkits and its user's connections to them ({@code session.toolkits()}, {@code session.authorize}).
 * A toolkit's connection goes through the auth config the session pins for it, else the toolkit's enabled auth config
 * whose key each user brings; a toolkit with neither needs no connection ({@code is_no_auth}).
 */
@ApplicationScoped
public class SessionToolkits {

    private static final String TOOLKITS = """
            select t.slug, t.name, t.logo_url,
                   (select c.id from auth_config c where c.tenant_id = t.tenant_id and c.toolkit_id = t.id and c.enabled
                      and (c.auth_scheme = 'OAUTH2' or c.auth_scheme in ('API_KEY', 'BEARER_TOKEN') and c.secret_ciphertext is null)
                    order by c.created_at, c.id limit 1) as per_user_config
            from toolkit t where t.tenant_id = $1 order by t.slug""";
    private static final String PINNED = """
            select a.id, a.auth_scheme, a.enabled, a.secret_ciphertext is null as per_user from auth_config a
            where a.tenant_id = $1 and a.id = any($2)""";
    // The user's accounts, the usable ones first, then the newest.
    private static final String ACCOUNTS = """
            select ca.id, ca.status, ca.disabled, a.id as auth_config_id, a.auth_scheme, t.slug
            from connected_account ca
            join auth_config a on a.id = ca.auth_config_id and a.tenant_id = ca.tenant_id
            join toolkit t on t.id = a.toolkit_id and t.tenant_id = ca.tenant_id
            where ca.tenant_id = $1 and ca.user_id = $2
            order by (ca.status = 'ACTIVE' and not ca.disabled) desc, ca.updated_at desc, ca.id desc""";

    @Inject
    Pool pool;

    @Inject
    ConnectionLinks links;

    /** The session's toolkits (optionally these slugs, matching {@code search}, connected or not), one page of them. */
    public Uni<CursorPage<SessionToolkitView>> toolkits(TenantId tenant, String userId, JsonNode config, List<String> only,
            Boolean connected, String search, PageRequest page) {
        Map<String, String> pins = pins(config);
        return pool.preparedQuery(TOOLKITS).execute(Tuple.of(tenant.value())).chain(toolkits -> pool.preparedQuery(PINNED)
                .execute(Tuple.of(tenant.value(), pins.values().toArray(new String[0]))).chain(pinned -> pool.preparedQuery(ACCOUNTS)
                        .execute(Tuple.of(tenant.value(), userId)).map(accounts -> {
                            Map<String, Row> pinnedById = new HashMap<>();
                            pinned.forEach(row -> pinnedById.put(row.getString("id"), row));
                            List<SessionToolkitView> views = new ArrayList<>();
                            for (Row toolkit : toolkits) {
                                String slug = toolkit.getString("slug");
                                if (!ToolRouterSessionDirectory.selected(config.path("toolkits"), slug)
                                        || !only.isEmpty() && !only.contains(slug) || !matches(toolkit, search)) {
                                    continue;
                                }
                                SessionToolkitView view = view(toolkit, connectionConfig(toolkit, pins.get(slug), pinnedById), accounts);
                                if (connected == null || connected == view.isConnected()) {
                                    views.add(view);
                                }
                            }
                            int from = Math.min(page.offset(), views.size());
                            return CursorPage.of(Page.of(views.subList(from, Math.min(views.size(), from + page.limit())), page,
                                    views.size()));
                        })));
    }

    /** {@code session.authorize(toolkit)}: a link for the session's user through the toolkit's connection config. */
    public Uni<IssuedLink> authorize(TenantId tenant, String userId, JsonNode config, String toolkit, String callbackUrl,
            String alias, String createdBy) {
        if (!ToolRouterSessionDirectory.selected(config.path("toolkits"), toolkit)) {
            throw ProblemException.invalid("toolkit", "toolkit '" + toolkit + "' is not one of the session's toolkits");
        }
        String callback = callbackUrl != null ? callbackUrl : config.path("manage_connections").path("callback_url").asText(null);
        String pinned = pins(config).get(toolkit);
        Uni<String> authConfig = pinned != null ? Uni.createFrom().item(pinned) : links.configOfToolkit(tenant, toolkit);
        return authConfig.chain(id -> {
            if (id == null) {
                throw ProblemException.invalid("toolkit", "toolkit '" + toolkit
                        + "' has no enabled auth config whose key each user brings: there is nothing to connect");
            }
            return links.start(tenant, userId, id, "toolkit", callback, alias, createdBy);
        });
    }

    /** The auth config a toolkit's connection goes through, or null when the toolkit needs none. */
    private static String connectionConfig(Row toolkit, String pinned, Map<String, Row> pinnedById) {
        if (pinned == null) {
            return toolkit.getString("per_user_config");
        }
        Row config = pinnedById.get(pinned);
        boolean perUser = config != null && ("OAUTH2".equals(config.getString("auth_scheme"))
                || !"NO_AUTH".equals(config.getString("auth_scheme")) && config.getBoolean("per_user"));
        return perUser ? pinned : null;
    }

    private static SessionToolkitView view(Row toolkit, String authConfig, Iterable<Row> accounts) {
        String slug = toolkit.getString("slug");
        SessionToolkitView.ConnectedAccount account = null;
        if (authConfig != null) {
            for (Row row : accounts) {
                if (authConfig.equals(row.getString("auth_config_id"))) {
                    account = new SessionToolkitView.ConnectedAccount(row.getString("id"),
                            row.getBoolean("disabled") ? "INACTIVE" : row.getString("status"),
                            new SessionToolkitView.AuthConfigRef(authConfig, row.getString("auth_scheme"), false));
                    break;
                }
            }
        }
        return new SessionToolkitView(slug, toolkit.getString("name"), authConfig == null,
                new SessionToolkitView.Meta(toolkit.getString("logo_url")), account);
    }

    private static boolean matches(Row toolkit, String search) {
        if (search == null || search.isBlank()) {
            return true;
        }
        String needle = search.trim().toLowerCase(Locale.ROOT);
        return toolkit.getString("slug").toLowerCase(Locale.ROOT).contains(needle)
                || toolkit.getString("name").toLowerCase(Locale.ROOT).contains(needle);
    }

    private static Map<String, String> pins(JsonNode config) {
        Map<String, String> pins = new HashMap<>();
        config.path("auth_configs").fields().forEachRemaining(e -> pins.put(e.getKey(), e.getValue().asText()));
        return pins;
    }
}
