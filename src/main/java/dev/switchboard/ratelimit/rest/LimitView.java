package dev.switchboard.ratelimit.rest;

import dev.switchboard.ratelimit.KeyKind;
import dev.switchboard.ratelimit.Limit;

/** A limit that applies, with where it comes from: a configured default, or the override with this id. */
public record LimitView(String key, long rate, String window, long burst, String overrideId) {

    public static LimitView of(KeyKind kind, Limit limit, String overrideId) {
        return new LimitView(kind.label(), Math.max(0, limit.rate()), limit.window().label(), limit.burst(), overrideId);
    }
}
