package dev.switchboard.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Failures that mean "the database is not there" answer 503 with retry hints; others stay 500. */
class DatabaseUnavailableMappingTest {

    private static Vertx vertx;
    private static Throwable refused;
    private static Throwable lost;

    /** The failures the reactive PostgreSQL client really reports, caught from real connection attempts. */
    @BeforeAll
    static void realFailures() throws Exception {
        vertx = Vertx.vertx();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        refused = failureOf(closedPort);
        try (ServerSocket hangsUp = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        hangsUp.accept().close();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            lost = failureOf(hangsUp.getLocalPort());
        }
    }

    @AfterAll
    static void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static Throwable failureOf(int port) throws InterruptedException {
        var pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(port)
                .setDatabase("switchboard").setUser("switchboard")).using(vertx).build();
        try {
            pool.query("select 1").execute().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("a query to port " + port + " succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no failure reported", e);
        } finally {
            pool.close();
        }
    }

    private final ProblemMappers mappers = new ProblemMappers();

    private static void assertUnavailable(Response response) {
        assertEquals(503, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals("true", response.getHeaderString(ProblemResponses.SHOULD_RETRY));
        assertEquals(String.valueOf(ProblemMappers.DATABASE_RETRY_AFTER_SECONDS), response.getHeaderString("Retry-After"));
        Problem body = (Problem) response.getEntity();
        assertEquals(503, body.status());
        assertEquals("The database is unavailable; retry later", body.message());
    }

    @Test
    void aRefusedConnectionIs503() {
        assertEquals("io.netty.channel.AbstractChannel$AnnotatedConnectException", refused.getClass().getName());
        assertUnavailable(mappers.internal(refused));
        assertUnavailable(mappers.internal(new CompletionException(new HibernateException("session", refused))));
    }

    @Test
    void aLostConnectionIs503() {
        assertEquals(ClosedConnectionException.class, lost.getClass());
        assertUnavailable(mappers.internal(new CompletionException(lost)));
    }

    @Test
    void aServerShuttingDownOrStartingIs503() {
        assertUnavailable(mappers.internal(new PgException("the database system is starting up", "FATAL", "57P03", null)));
        assertUnavailable(mappers.internal(new PgException("terminating connection due to administrator command",
                "FATAL", "57P01", null)));
        assertUnavailable(mappers.internal(new PgException("connection failure", "FATAL", "08006", null)));
    }

    @Test
    void anApiKeyThatCouldNotBeLookedUpIs503NotA401() {
        assertUnavailable(mappers.unauthenticated(new AuthenticationFailedException(refused)));
    }

    @Test
    void otherFailuresStay500() {
        Response response = mappers.internal(new PgException("duplicate key", "ERROR", "23505", null));
        assertEquals(500, response.getStatus());
        assertNull(response.getHeaderString("Retry-After"));
        assertEquals(500, mappers.internal(new IllegalStateException("bug")).getStatus());
    }
}
