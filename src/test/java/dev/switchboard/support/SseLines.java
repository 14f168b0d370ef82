package dev.switchboard.support;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A client's view of an open event stream in tests: events read as they arrive, each wait bounded. */
public final class SseLines implements AutoCloseable {

    /** One event: its name ({@code message} when unnamed) and data. */
    public record Event(String name, String data) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Duration wait;
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    private SseLines(HttpClient http, HttpRequest request, Duration wait) {
        this.wait = wait;
        this.response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(answer -> {
            String[] name = {null};
            StringBuilder data = new StringBuilder();
            answer.body().forEach(line -> {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(name[0] == null ? "message" : name[0], data.toString()));
                    }
                    name[0] = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name[0] = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
                }
            });
        });
    }

    public static SseLines open(HttpClient http, HttpRequest request, Duration wait) {
        return new SseLines(http, request, wait);
    }

    /** The data of the next event with this name (others are skipped); fails when none comes in time. */
    public String nextData(String name) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event != null && event.name().equals(name)) {
                return event.data();
            }
        }
        throw new AssertionError("no '" + name + "' event within " + wait);
    }

    /** The data of every event in a whole event-stream body. */
    public static List<String> dataOf(String body) {
        List<String> data = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data:")) {
                data.add(line.substring(5).stripLeading());
            }
        }
        return data;
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(answer -> answer.body().close());
    }
}
