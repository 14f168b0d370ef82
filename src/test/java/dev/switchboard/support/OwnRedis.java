package dev.switchboard.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * A Redis server of the test's own, on a free loopback port, without persistence: one the test may stop
 * while the app uses it. The port is chosen when the class loads, so a test profile can name it.
 */
public final class OwnRedis {

    public static final int PORT = freePort();
    private static Process process;

    private OwnRedis() {
    }

    public static String url() {
        return "redis://127.0.0.1:" + PORT;
    }

    public static synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder("redis-server", "--port", String.valueOf(PORT), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket("127.0.0.1", PORT)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + PORT);
    }

    /** Stops the process answering (SIGSTOP) while its connections stay open: a Redis that hangs. */
    public static synchronized void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    public static synchronized void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private static void signal(String signal) throws IOException, InterruptedException {
        if (process == null || new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start().waitFor() != 0) {
            throw new IllegalStateException("could not signal " + signal + " to redis-server");
        }
    }

    public static synchronized void stop() throws InterruptedException {
        if (process != null) {
            try {
                signal("-CONT"); // a paused process would not act on SIGTERM
            } catch (IOException | IllegalStateException alreadyGone) {
                // destroy() below is all that is left to do
            }
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
