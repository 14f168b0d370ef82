package dev.switchboard.connection;

import java.util.List;

/**
 * The list filters the Composio SDK sends (each list: any of these; empty: no filter). {@code statuses} match
 * what the API answers, so a disabled account is found as INACTIVE. {@code orderBy} is created_at or updated_at.
 */
public record ConnectedAccountFilter(List<String> userIds, List<String> toolkitSlugs, List<String> authConfigIds,
        List<AccountStatus> statuses, List<String> accountIds, String orderBy, boolean ascending) {
}
