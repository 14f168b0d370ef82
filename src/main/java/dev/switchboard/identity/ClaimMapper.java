package dev.switchboard.identity;

import dev.switchboard.config.SwitchboardConfig;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Reads user id, tenant and roles out of token claims, by the configured claim names. No I/O: unit-tested alone. */
public class ClaimMapper {

    /** What a token says about its bearer; {@code tenantName} is null when neither claim nor default names one. */
    public record MappedClaims(String userId, String tenantName, Set<String> roles) {
    }

    private final SwitchboardConfig.Identity config;

    public ClaimMapper(SwitchboardConfig.Identity config) {
        this.config = config;
    }

    public MappedClaims map(Map<String, Object> claims) {
        String userId = asText(lookup(claims, config.userIdClaim()));
        String tenant = asText(lookup(claims, config.tenantClaim()));
        if (tenant == null) {
            tenant = config.defaultTenant().filter(t -> !t.isBlank()).orElse(null);
        }
        Set<String> idpRoles = new LinkedHashSet<>();
        for (String claim : config.rolesClaims()) {
            addValues(lookup(claims, claim.trim()), idpRoles);
        }
        Set<String> roles = new LinkedHashSet<>();
        if (idpRoles.contains(config.platformAdminRole())) {
            roles.add(Roles.PLATFORM_ADMIN);
        }
        if (idpRoles.contains(config.adminRole())) {
            roles.add(Roles.ADMIN);
        }
        roles.add(Roles.MEMBER);
        return new MappedClaims(userId, tenant, Set.copyOf(roles));
    }

    /** Follows a '/'-separated path through nested claim objects (e.g. {@code realm_access/roles}). */
    static Object lookup(Map<String, Object> claims, String path) {
        Object current = claims;
        for (String segment : path.split("/")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(segment);
        }
        return current;
    }

    private static String asText(Object value) {
        if (value == null || value instanceof Map<?, ?>) {
            return null;
        }
        String text = value instanceof Collection<?> list && list.size() == 1
                ? scalar(list.iterator().next())
                : scalar(value);
        return text.isBlank() ? null : text;
    }

    /** Claims parsed from JSON may hold jakarta.json values, whose toString() keeps the JSON quotes. */
    private static String scalar(Object value) {
        return value instanceof JsonString json ? json.getString() : String.valueOf(value);
    }

    /** Role claims come as arrays, or as one space- or comma-separated string (e.g. {@code scope}). */
    private static void addValues(Object value, Set<String> into) {
        if (value instanceof Collection<?> list) {
            list.forEach(v -> into.add(scalar(v)));
        } else if (value instanceof String || value instanceof JsonString) {
            for (String part : scalar(value).split("[\\s,]+")) {
                if (!part.isBlank()) {
                    into.add(part);
                }
            }
        }
    }
}
