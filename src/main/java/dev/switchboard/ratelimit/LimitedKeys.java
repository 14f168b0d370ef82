package dev.switchboard.ratelimit;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The keys a kind of traffic is charged to, as {@link McpLimits} keeps them between requests, with the
 * {@code RateLimit-Policy} header they give made once (it names only their kinds and limits).
 */
final class LimitedKeys extends AbstractList<LimitedKey> implements RandomAccess {

    private final List<LimitedKey> keys;
    private volatile String policy;

    LimitedKeys(List<LimitedKey> keys) {
        this.keys = List.copyOf(keys);
    }

    @Override
    public LimitedKey get(int index) {
        return keys.get(index);
    }

    @Override
    public int size() {
        return keys.size();
    }

    String policy() {
        String made = policy;
        if (made == null) {
            policy = made = RateLimitAnswers.policyOf(keys);
        }
        return made;
    }
}
