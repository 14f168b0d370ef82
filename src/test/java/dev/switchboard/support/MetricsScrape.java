package dev.switchboard.support;

import io.restassured.RestAssured;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/** The app's /q/metrics as an operator's Prometheus reads it: every sample by its name and labels as printed. */
public final class MetricsScrape {

    private MetricsScrape() {
    }

    public static Map<String, Double> scrape() {
        Map<String, Double> samples = new HashMap<>();
        for (String line : RestAssured.get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            int space = line.lastIndexOf(' ');
            if (!line.startsWith("#") && space > 0) {
                String value = line.substring(space + 1);
                samples.put(line.substring(0, space), value.endsWith("Inf") ? Double.NaN : Double.parseDouble(value));
            }
        }
        return samples;
    }

    /** Scrapes until {@code done} holds or the time is up; answers the last scrape. */
    public static Map<String, Double> scrapeUntil(Duration limit, Predicate<Map<String, Double>> done) {
        long deadline = System.nanoTime() + limit.toNanos();
        Map<String, Double> now = scrape();
        while (!done.test(now) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return now;
            }
            now = scrape();
        }
        return now;
    }

    /** How far a series moved between two scrapes; a series not there yet counts as 0. */
    public static long moved(Map<String, Double> before, Map<String, Double> after, String series) {
        return Math.round(after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0));
    }
}
