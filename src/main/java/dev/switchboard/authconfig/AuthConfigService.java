package dev.switchboard.authconfig;

import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.authconfig.rest.AuthConfigRequests;
import dev.switchboard.authconfig.rest.AuthConfigRequests.Credentials;
import dev.switchboard.common.SecureIds;
import dev.switchboard.common.Timestamps;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.common.problem.FieldError;
import dev.switchboard.common.problem.ForeignKeys;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.tenancy.TenantId;
import dev.switchboard.toolkit.ToolkitRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import dev.switchboard.common.cache.ChangesConfiguration;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
public class AuthConfigService {

    /** Headers the gateway owns on upstream requests; an auth config may not replace them. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type",
            "transfer-encoding", "connection", "accept", "mcp-session-id", "mcp-protocol-version", "last-event-id");

    @Inject
    AuthConfigRepository authConfigs;

    @Inject
    ToolkitRepository toolkits;

    @Inject
    Secrets secrets;

    @WithTransaction
    public Uni<AuthConfigEntity> create(TenantId tenant, AuthConfigRequests.Create body) {
        AuthScheme scheme = AuthScheme.fromWire(body.authScheme());
        Credentials credentials = body.credentials() == null ? new Credentials(null, null, null) : body.credentials();
        checkComplete(scheme, credentials);
        return toolkits.findBySlug(tenant, body.toolkit()).chain(toolkit -> {
            if (toolkit == null) {
                throw ProblemException.invalid("toolkit", "unknown toolkit '" + body.toolkit() + "'");
            }
            AuthConfigEntity config = new AuthConfigEntity();
            config.id = SecureIds.newId(AuthConfigEntity.ID_PREFIX);
            config.tenantId = tenant.value();
            config.toolkit = toolkit;
            config.name = body.name() == null || body.name().isBlank() ? toolkit.name + " (" + scheme.wireName() + ")" : body.name();
            config.createdAt = Timestamps.now();
            config.updatedAt = config.createdAt;
            apply(config, scheme, credentials);
            return authConfigs.persist(tenant, config);
        });
    }

    @WithSession
    public Uni<Page<AuthConfigEntity>> list(TenantId tenant, String toolkitSlug, PageRequest page) {
        String slug = toolkitSlug == null || toolkitSlug.isBlank() ? null : toolkitSlug;
        return authConfigs.page(tenant, slug, page);
    }

    @WithSession
    public Uni<AuthConfigEntity> get(TenantId tenant, String id) {
        return authConfigs.getById(tenant, id);
    }

    @WithTransaction
    @ChangesConfiguration
    public Uni<AuthConfigEntity> update(TenantId tenant, String id, AuthConfigRequests.Update body) {
        return authConfigs.getById(tenant, id).invoke(config -> {
            AuthScheme current = config.scheme();
            AuthScheme scheme = body.authScheme() == null ? current : AuthScheme.fromWire(body.authScheme());
            Credentials given = body.credentials();
            if (scheme != current) {
                Credentials credentials = given == null ? new Credentials(null, null, null) : given;
                checkComplete(scheme, credentials);
                apply(config, scheme, credentials);
            } else if (given != null && !given.isEmpty()) {
                checkAllowed(scheme, given);
                Credentials merged = new Credentials(
                        given.headerName() != null ? given.headerName() : config.headerName,
                        given.apiKey(), given.token());
                applyHeader(config, scheme, merged);
                secretOf(scheme, merged).ifPresent(secret -> seal(config, secret));
            }
            if (body.name() != null) {
                config.name = body.name();
            }
            config.updatedAt = Timestamps.now();
        });
    }

    @WithTransaction
    @ChangesConfiguration
    public Uni<AuthConfigEntity> delete(TenantId tenant, String id) {
        Uni<AuthConfigEntity> delete = authConfigs.getById(tenant, id)
                .call(config -> authConfigs.delete(tenant, config))
                .call(authConfigs::flush);
        return ForeignKeys.stillReferenced(delete,
                () -> "Auth config '" + id + "' is pinned by MCP servers; unpin it from them first");
    }

    private void apply(AuthConfigEntity config, AuthScheme scheme, Credentials credentials) {
        config.authScheme = scheme.wireName();
        applyHeader(config, scheme, credentials);
        config.secretCiphertext = null;
        config.secretKeyId = null;
        secretOf(scheme, credentials).ifPresent(secret -> seal(config, secret));
    }

    private static void applyHeader(AuthConfigEntity config, AuthScheme scheme, Credentials credentials) {
        config.headerName = scheme == AuthScheme.API_KEY ? credentials.headerName() : null;
    }

    private void seal(AuthConfigEntity config, String secret) {
        SecretCipher.Sealed sealed = secrets.require().seal(secret, config.secretBinding());
        config.secretCiphertext = sealed.bytes();
        config.secretKeyId = sealed.keyId();
    }

    private static Optional<String> secretOf(AuthScheme scheme, Credentials credentials) {
        return Optional.ofNullable(switch (scheme) {
            case NONE -> null;
            case API_KEY -> credentials.apiKey();
            case BEARER -> credentials.token();
        });
    }

    /** Every field the scheme needs is present, and none it does not use. */
    private static void checkComplete(AuthScheme scheme, Credentials credentials) {
        List<FieldError> errors = new ArrayList<>(problemsWithFields(scheme, credentials));
        if (scheme == AuthScheme.API_KEY) {
            if (credentials.headerName() == null) {
                errors.add(new FieldError("credentials.header_name", "is required for auth scheme api_key"));
            }
            if (credentials.apiKey() == null || credentials.apiKey().isEmpty()) {
                errors.add(new FieldError("credentials.api_key", "is required for auth scheme api_key"));
            }
        } else if (scheme == AuthScheme.BEARER && (credentials.token() == null || credentials.token().isEmpty())) {
            errors.add(new FieldError("credentials.token", "is required for auth scheme bearer"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static void checkAllowed(AuthScheme scheme, Credentials credentials) {
        List<FieldError> errors = problemsWithFields(scheme, credentials);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static List<FieldError> problemsWithFields(AuthScheme scheme, Credentials credentials) {
        List<FieldError> errors = new ArrayList<>();
        if (scheme != AuthScheme.API_KEY && credentials.headerName() != null) {
            errors.add(new FieldError("credentials.header_name", "is only used by auth scheme api_key"));
        }
        if (scheme != AuthScheme.API_KEY && credentials.apiKey() != null) {
            errors.add(new FieldError("credentials.api_key", "is only used by auth scheme api_key"));
        }
        if (scheme != AuthScheme.BEARER && credentials.token() != null) {
            errors.add(new FieldError("credentials.token", "is only used by auth scheme bearer"));
        }
        if (credentials.headerName() != null && RESERVED_HEADERS.contains(credentials.headerName().toLowerCase(Locale.ROOT))) {
            errors.add(new FieldError("credentials.header_name", "'" + credentials.headerName()
                    + "' is set by the gateway itself; choose another header"));
        }
        return errors;
    }
}
