package dev.switchboard.ratelimit.rest;

import dev.switchboard.ratelimit.KeyKind;
import dev.switchboard.ratelimit.override.LimitOverrideEntity;
import dev.switchboard.ratelimit.override.LimitSubject;
import java.time.Instant;

/** An override as the API shows it; a null subject field means every one of its kind. */
public record RateLimitView(String id, String key, String userId, String serverId, String toolkit, String tool, long rate,
        String window, long burst, Instant createdAt, Instant updatedAt) {

    public static RateLimitView of(LimitOverrideEntity entity) {
        LimitSubject subject = LimitSubject.of(KeyKind.of(entity.keyKind), entity.subject);
        return new RateLimitView(entity.id, entity.keyKind, subject.userId(), subject.serverId(), subject.toolkit(),
                subject.tool(), entity.rate, entity.window, entity.limit().burst(),
                entity.createdAt, entity.updatedAt);
    }
}
