package dev.switchboard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Real Node.js MCP peers from src/test/node: servers bound to 127.0.0.1, and client scripts. */
public final class NodePeers {

    public static final Path NODE_DIR = Path.of("src/test/node");

    private NodePeers() {
    }

    /** A running upstream server; {@link #close()} stops it. */
    public record Upstream(Process process, int port, String mcpUrl) implements AutoCloseable {

        @Override
        public void close() {
            stop(process, 10);
        }
    }

    /** Stops a child process: asked first, killed when it has not ended after {@code graceSeconds}. */
    public static void stop(Process process, int graceSeconds) {
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Starts @modelcontextprotocol/server-everything in Streamable HTTP mode on a free loopback port. */
    public static Upstream serverEverything(String logName) {
        return serverEverything(logName, freePort());
    }

    /** As {@link #serverEverything(String)}, on the given port (to restart an upstream where it was). */
    public static Upstream serverEverything(String logName, int port) {
        return serverEverything(logName, port, "streamableHttp");
    }

    /** server-everything in the legacy HTTP+SSE transport (GET /sse, POST /message), on a free loopback port. */
    public static Upstream legacySseServerEverything(String logName) {
        return serverEverything(logName, freePort(), "sse");
    }

    private static Upstream serverEverything(String logName, int port, String mode) {
        ProcessBuilder builder = new ProcessBuilder("node", "-r", "./loopback.cjs",
                "node_modules/@modelcontextprotocol/server-everything/dist/index.js", mode)
                .directory(NODE_DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile(logName).toFile());
        builder.environment().put("PORT", String.valueOf(port));
        try {
            Process process = builder.start();
            awaitPort(process, port);
            return new Upstream(process, port, "http://127.0.0.1:" + port + ("sse".equals(mode) ? "/sse" : "/mcp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the conformance fixture (src/test/node/conformance-upstream.mjs) on a loopback port it picks.
     * {@code serverRequestsVia} is "post" or "get": the stream its tools send sampling and elicitation on.
     */
    public static Upstream conformanceUpstream(String logName, String serverRequestsVia) {
        return fixture("conformance-upstream.mjs", logName, Map.of("SERVER_REQUESTS_VIA", serverRequestsVia));
    }

    /**
     * Starts the 2026-07-28 conformance fixture (src/test/node/conformance-upstream-2026.mjs) on a loopback port
     * it picks; {@code modernOnly}: it refuses 2025 requests ({@code initialize} included) with -32022.
     */
    public static Upstream conformanceUpstream2026(String logName, boolean modernOnly) {
        return fixture("conformance-upstream-2026.mjs", logName, Map.of("MODERN_ONLY", modernOnly ? "1" : "0"));
    }

    /**
     * Starts the whoami upstream (src/test/node/whoami-upstream.mjs): an MCP server that accepts only bearer
     * tokens the IdP at {@code issuer} signed for {@code audience}, and whose {@code whoami} tool answers the
     * token's sub, aud, azp and preferred_username. Its log lists every accepted and refused request.
     */
    public static Upstream whoamiUpstream(String logName, String issuer, String audience) {
        return fixture("whoami-upstream.mjs", logName, Map.of("ISSUER", issuer, "AUDIENCE", audience));
    }

    /** Starts a fixture script that prints "LISTENING <port>" once it serves /mcp on that loopback port. */
    public static Upstream fixture(String script, String logName, Map<String, String> env) {
        Path log = logFile(logName);
        ProcessBuilder builder = new ProcessBuilder("node", script)
                .directory(NODE_DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PORT", "0");
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            for (int attempt = 0; attempt < 200; attempt++) {
                String listening = Files.readString(log).lines().filter(l -> l.startsWith("LISTENING ")).findFirst().orElse(null);
                if (listening != null) {
                    int port = Integer.parseInt(listening.substring("LISTENING ".length()).trim());
                    return new Upstream(process, port, "http://localhost:" + port + "/mcp");
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException(script + " exited: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
            process.destroyForcibly();
            throw new IllegalStateException(script + " did not start");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a Node script to completion and answers its output; fails the test when it exits non-zero. */
    public static String runScript(String script, Map<String, String> env) {
        return runScript(List.of(script), env);
    }

    /** Runs a Node script with arguments to completion; fails the test when it exits non-zero. */
    public static String runScript(List<String> scriptAndArgs, Map<String, String> env) {
        String script = scriptAndArgs.get(0);
        List<String> command = new java.util.ArrayList<>(List.of("node"));
        command.addAll(scriptAndArgs);
        try {
            Path output = Files.createTempFile("node-script", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            boolean finished = process.waitFor(3, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String text = Files.readString(output);
            Files.deleteIfExists(output);
            if (!finished) {
                throw new AssertionError(script + " did not finish within 3 minutes:\n" + text);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(script + " failed:\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitPort(Process process, int port) {
        for (int attempt = 0; attempt < 200; attempt++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the MCP server exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("the MCP server did not listen on port " + port);
    }

    private static Path logFile(String name) {
        try {
            Files.createDirectories(Path.of("target/node-logs"));
            return Path.of("target/node-logs", name + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> lines(String output) {
        return output.lines().toList();
    }
}
