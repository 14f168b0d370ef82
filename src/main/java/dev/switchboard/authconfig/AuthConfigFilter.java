package dev.switchboard.authconfig;

/**
 * The list filters the Composio SDK sends: a toolkit, a part of the name, managed or not (Switchboard has
 * only custom configs), and whether disabled configs are shown (they are not unless asked for).
 */
public record AuthConfigFilter(String toolkitSlug, String search, Boolean composioManaged, boolean showDisabled) {
}
