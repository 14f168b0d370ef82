package dev.switchboard.deploy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Boots the app under test on an {@link EmbeddedDatabase} of its own: its own port, and a fresh data folder
 * under target/ (not the shared PostgreSQL on 5432, not the data folder of deploy/run-local.sh).
 */
public class EmbeddedDatabaseResource implements QuarkusTestResourceLifecycleManager {

    static final Path DATA_DIRECTORY = RenderedChart.PROJECT_DIR.resolve("target/embedded-postgres/data");

    private EmbeddedDatabase database;

    @Override
    public Map<String, String> start() {
        try {
            database = EmbeddedDatabase.start(DATA_DIRECTORY, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.datasource.reactive.url", database.reactiveUrl(),
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", EmbeddedDatabase.USER);
    }

    @Override
    public void stop() {
        if (database == null) {
            return;
        }
        try {
            database.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
