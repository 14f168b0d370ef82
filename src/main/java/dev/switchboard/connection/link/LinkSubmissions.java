package dev.switchboard.connection.link;

import dev.switchboard.authconfig.AuthScheme;
import dev.switchboard.authconfig.CredentialFields;
import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.common.Sha256;
import dev.switchboard.common.cache.ConfigurationChanged;
import dev.switchboard.common.cache.ConfigurationChanges;
import dev.switchboard.common.problem.FieldError;
import dev.switchboard.connection.AccountStatus;
import dev.switchboard.connection.ConnectedAccountEntity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What a link's page does: show what the link connects, and take the user's key. The token alone finds the link
 * (it is the capability; its hash is the key), which names the tenant for everything after. A link works once,
 * until it expires, and only while its account is still INITIATED; otherwise nothing changes.
 */
@ApplicationScoped
public class LinkSubmissions {

    /** What the page shows (no secret): the toolkit, what is asked for, and where the browser goes afterwards. */
    public record LinkForm(String tenantId, String accountId, String toolkitName, String toolkitSlug, AuthScheme scheme,
            String callbackUrl) {

        /** What this link's page is (see {@link ConnectionLinks#pageFor}). */
        public ConnectionLinks.Page page() {
            return ConnectionLinks.pageFor(scheme, false, null, "auth_config_id");
        }
    }

    /** A link that cannot be used: the HTTP status and the sentence the page shows. */
    public static final class LinkRefused extends RuntimeException {
        private final int status;

        LinkRefused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The key was refused: what is wrong, for the form shown again. */
    public static final class KeyRefused extends RuntimeException {
        private final transient LinkForm form;

        KeyRefused(LinkForm form, String message) {
            super(message, null, false, false);
            this.form = form;
        }

        public LinkForm form() {
            return form;
        }
    }

    private static final String FIND = """
            select l.tenant_id, l.connected_account_id, l.callback_url, l.expires_at <= now() as expired,
                   l.used_at is not null as used, ca.status, a.auth_scheme, a.enabled, t.name, t.slug
            from connection_link l
            join connected_account ca on ca.id = l.connected_account_id and ca.tenant_id = l.tenant_id
            join auth_config a on a.id = ca.auth_config_id and a.tenant_id = ca.tenant_id
            join toolkit t on t.id = a.toolkit_id and t.tenant_id = a.tenant_id
            where l.token_hash = $1""";
    private static final String LOCK = FIND + " for update of l, ca";
    private static final String ACTIVATE = """
            update connected_account set status = 'ACTIVE', status_reason = null, secret_ciphertext = $3, secret_key_id = $4,
                   updated_at = $5
            where tenant_id = $1 and id = $2""";
    private static final String USE = "update connection_link set used_at = $2 where token_hash = $1";

    @Inject
    Pool pool;

    @Inject
    Secrets secrets;

    @Inject
    ConfigurationChanges changes;

    /** The form of a usable link; {@link LinkRefused} otherwise. */
    public Uni<LinkForm> open(String token) {
        return pool.preparedQuery(FIND).execute(Tuple.of(Sha256.hex(token))).map(rows -> usable(rows.iterator().hasNext()
                ? rows.iterator().next() : null));
    }

    /**
     * Seals the key into the link's account, which becomes ACTIVE, and uses the link up, in one transaction; every
     * replica's gateway then sees the account. A key the API would refuse changes nothing ({@link KeyRefused}).
     */
    public Uni<LinkForm> complete(String token, String key) {
        return pool.withTransaction(connection -> connection.preparedQuery(LOCK).execute(Tuple.of(Sha256.hex(token)))
                        .chain(rows -> {
                            LinkForm form = usable(rows.iterator().hasNext() ? rows.iterator().next() : null);
                            return activate(connection, token, form, key).replaceWith(form);
                        }))
                .call(form -> changes.announce(new ConfigurationChanged(form.tenantId())));
    }

    private Uni<Void> activate(SqlConnection connection, String token, LinkForm form, String key) {
        List<FieldError> errors = new ArrayList<>();
        String field = CredentialFields.secretKeyOf(form.scheme());
        String entered = key == null ? "" : key.strip();
        String secret = form.scheme() == AuthScheme.BEARER_TOKEN ? CredentialFields.token(entered, field, errors)
                : CredentialFields.apiKey(entered, field, errors);
        if (secret == null) {
            throw new KeyRefused(form, "The " + label(form.scheme()) + " " + errors.get(0).message() + ".");
        }
        SecretCipher.Sealed sealed = secrets.require().seal(secret, ConnectedAccountEntity.secretBinding(form.tenantId(),
                form.accountId()));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return connection.preparedQuery(ACTIVATE).execute(Tuple.of(form.tenantId(), form.accountId(),
                        Buffer.buffer(sealed.bytes()), sealed.keyId(), now))
                .chain(() -> connection.preparedQuery(USE).execute(Tuple.of(Sha256.hex(token), now)))
                .replaceWithVoid();
    }

    /** What the form asks for, in words. */
    public static String label(AuthScheme scheme) {
        return scheme == AuthScheme.BEARER_TOKEN ? "token" : "API key";
    }

    private static LinkForm usable(Row row) {
        if (row == null) {
            throw new LinkRefused(404, "This link is not valid. Ask for a new one where you got it.");
        }
        if (row.getBoolean("used")) {
            throw new LinkRefused(410, "This link was already used. Ask for a new one if you need to connect again.");
        }
        if (row.getBoolean("expired") || !AccountStatus.INITIATED.name().equals(row.getString("status"))) {
            throw new LinkRefused(410, "This link has expired. Ask for a new one where you got it.");
        }
        if (!row.getBoolean("enabled")) {
            throw new LinkRefused(409, "This connection cannot be completed now: an administrator disabled its configuration.");
        }
        return new LinkForm(row.getString("tenant_id"), row.getString("connected_account_id"), row.getString("name"),
                row.getString("slug"), AuthScheme.of(row.getString("auth_scheme")), row.getString("callback_url"));
    }
}
