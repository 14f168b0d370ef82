package dev.switchboard.audit;

import java.time.Instant;

/**
 * One audited action. {@code actor} is who called (a user id or {@code api_key:<id>}); {@code userId} whom it
 * acted for. Texts come partly from clients (a tool name, a user id), so they are bounded on the way in: cut
 * to their column's size in audit_event and with control characters (NUL above all, which PostgreSQL text
 * cannot hold) replaced, so that an event the database would refuse cannot be built.
 */
public record AuditEvent(String tenantId, String actor, String userId, String action, String serverId, String target,
        String outcome, Long latencyMs, Instant at) {

    static final char REPLACEMENT = '\uFFFD';
    static final String CUT = "…";

    public AuditEvent {
        tenantId = bounded(tenantId, 40);
        actor = bounded(actor, 255);
        userId = bounded(userId, 255);
        action = bounded(action, 64);
        serverId = bounded(serverId, 40);
        target = bounded(target, 255);
        outcome = bounded(outcome, 32);
    }

    /** At most {@code max} characters (code points, as PostgreSQL counts them); a cut one ends in "…". */
    static String bounded(String text, int max) {
        if (text == null || text.length() <= max && !hasControl(text)) {
            return text;
        }
        StringBuilder clean = new StringBuilder(Math.min(text.length(), max + 1));
        int kept = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (kept == max) {
                int cut = clean.offsetByCodePoints(clean.length(), -1);
                clean.setLength(cut);
                return clean.append(CUT).toString();
            }
            if (Character.isISOControl(codePoint)) {
                clean.append(REPLACEMENT);
            } else {
                clean.appendCodePoint(codePoint);
            }
            kept++;
        }
        return clean.toString();
    }

    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
