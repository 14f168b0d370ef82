import io.vertx.core.json.JsonObject;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Draws a run's figures as PNG with Java2D (nothing else draws offline on our machines):
 * {@code <prefix>-throughput.png}, {@code <prefix>-latency.png} and {@code <prefix>-cpu.png}.
 *
 * <pre>java -Djava.awt.headless=true -cp … BenchPlot results.json prefix</pre>
 */
public class BenchPlot {

    private static final Color[] PALETTE = {new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759),
            new Color(0x76b7b2), new Color(0x59a14f), new Color(0xedc948), new Color(0xb07aa1)};
    private static final int WIDTH = 1200;
    private static final int PANEL = 320;

    record Series(String name, Map<Integer, Double> values) {
    }

    record Panel(String title, String unit, List<Series> series) {
    }

    public static void main(String[] args) throws Exception {
        JsonObject run = new JsonObject(Files.readString(Path.of(args[0])));
        List<JsonObject> rows = run.getJsonArray("rows").stream().map(JsonObject.class::cast).toList();
        String prefix = args[1];

        List<Panel> throughput = new ArrayList<>();
        List<Panel> latency = new ArrayList<>();
        addPanels(rows, "fast-json", "fast upstream, JSON answers", throughput, latency);
        addPanels(rows, "fast-sse", "fast upstream, SSE answers", throughput, latency);
        addPanels(rows, "node", "server-everything (Node) upstream", throughput, latency);
        List<JsonObject> stateless = rows.stream().filter(r -> r.getString("group").equals("stateless")
                || r.getString("group").equals("fast-json") && !r.getString("label").equals("direct")).toList();
        if (stateless.stream().anyMatch(r -> r.getString("group").equals("stateless"))) {
            throughput.add(new Panel("2026-07-28 stateless clients beside 2025 sessions: calls/s", "calls/s", series(stateless, "rps")));
            latency.add(new Panel("2026-07-28 stateless clients beside 2025 sessions: p50 latency", "ms", series(stateless, "p50")));
        }
        List<JsonObject> limiter = new ArrayList<>(rows.stream().filter(r -> r.getString("label").equals("switchboard")).toList());
        limiter.addAll(rows.stream().filter(r -> r.getString("group").equals("limiter") && r.getString("label").startsWith("switchboard"))
                .toList());
        throughput.add(new Panel("rate limiter: Switchboard calls/s, limits off / memory / Redis", "calls/s", series(limiter, "rps")));
        draw(throughput, prefix + "-throughput.png");
        draw(latency, prefix + "-latency.png");
        drawCpu(rows, prefix + "-cpu.png");
    }

    private static void addPanels(List<JsonObject> rows, String group, String title, List<Panel> throughput, List<Panel> latency) {
        List<JsonObject> selected = rows.stream().filter(r -> r.getString("group").equals(group)).toList();
        if (selected.isEmpty()) {
            return;
        }
        throughput.add(new Panel(title + ": calls/s", "calls/s", series(selected, "rps")));
        latency.add(new Panel(title + ": p50 latency", "ms", series(selected, "p50")));
        latency.add(new Panel(title + ": p99 latency", "ms", series(selected, "p99")));
    }

    private static List<Series> series(List<JsonObject> rows, String field) {
        Map<String, Map<Integer, Double>> byLabel = new LinkedHashMap<>();
        for (JsonObject row : rows) {
            byLabel.computeIfAbsent(row.getString("label"), l -> new LinkedHashMap<>())
                    .put(row.getInteger("concurrency"), row.getDouble(field));
        }
        return byLabel.entrySet().stream().map(e -> new Series(e.getKey(), e.getValue())).toList();
    }

    private static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }

    /** Panels of grouped bars: one group per concurrency level, one bar per target. */
    private static void draw(List<Panel> panels, String file) throws Exception {
        BufferedImage image = new BufferedImage(WIDTH, PANEL * panels.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        for (int p = 0; p < panels.size(); p++) {
            drawPanel(g, panels.get(p), p * PANEL);
        }
        g.dispose();
        ImageIO.write(image, "png", new File(file));
    }

    private static void drawPanel(Graphics2D g, Panel panel, int top) {
        int left = 90;
        int right = WIDTH - 300;
        int plotTop = top + 40;
        int bottom = top + PANEL - 45;
        TreeSet<Integer> levels = new TreeSet<>();
        double max = 0;
        for (Series s : panel.series()) {
            levels.addAll(s.values().keySet());
            for (Double v : s.values().values()) {
                max = Math.max(max, v == null ? 0 : v);
            }
        }
        double top10 = niceCeiling(max);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(panel.title(), left, top + 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 4; i++) {
            int y = bottom - (bottom - plotTop) * i / 4;
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = format(top10 * i / 4);
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.drawString(panel.unit(), 10, plotTop - 8);
        int groupWidth = (right - left) / Math.max(1, levels.size());
        int barWidth = Math.max(6, (groupWidth - 30) / Math.max(1, panel.series().size()));
        int group = 0;
        for (int level : levels) {
            int groupLeft = left + group * groupWidth + 15;
            for (int s = 0; s < panel.series().size(); s++) {
                Double value = panel.series().get(s).values().get(level);
                if (value == null) {
                    continue;
                }
                int height = (int) Math.round((bottom - plotTop) * value / top10);
                int x = groupLeft + s * barWidth;
                g.setColor(PALETTE[s % PALETTE.length]);
                g.fillRect(x + 2, bottom - height, barWidth - 4, height);
                g.setColor(Color.BLACK);
                String label = format(value);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
                g.drawString(label, x + barWidth / 2 - g.getFontMetrics().stringWidth(label) / 2, bottom - height - 3);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(Color.BLACK);
            String name = level + (level == 1 ? " client" : " clients");
            g.drawString(name, left + group * groupWidth + groupWidth / 2 - g.getFontMetrics().stringWidth(name) / 2, bottom + 20);
            group++;
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, bottom, right, bottom);
        legend(g, panel.series().stream().map(Series::name).toList(), right + 20, plotTop);
    }

    private static void legend(Graphics2D g, List<String> names, int x, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < names.size(); i++) {
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(x, y + i * 20, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(names.get(i), x + 18, y + i * 20 + 11);
        }
    }

    /** Stacked bars: the CPU each process spends per call, for every target at its highest level. */
    private static void drawCpu(List<JsonObject> rows, String file) throws Exception {
        Map<String, JsonObject> highest = new LinkedHashMap<>();
        for (JsonObject row : rows) {
            JsonObject seen = highest.get(row.getString("label"));
            if (seen == null || seen.getInteger("concurrency") < row.getInteger("concurrency")) {
                highest.put(row.getString("label"), row);
            }
        }
        List<String> processes = List.of("upstream", "proxy", "switchboard", "postgres", "redis", "loadgen");
        double max = 0;
        for (JsonObject row : highest.values()) {
            double total = 0;
            for (String p : processes) {
                total += cpu(row, p);
            }
            max = Math.max(max, total);
        }
        double scaleMax = niceCeiling(max);
        int barHeight = 26;
        int left = 300;
        int right = WIDTH - 60;
        int top = 70;
        BufferedImage image = new BufferedImage(WIDTH, top + highest.size() * (barHeight + 10) + 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("CPU µs per call, by process (each target at its highest concurrency; hot-key rows per request)", 20, 24);
        for (int i = 0; i < processes.size(); i++) {
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(20 + i * 130, 38, 12, 12);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(processes.get(i), 38 + i * 130, 49);
        }
        int y = top;
        for (JsonObject row : highest.values()) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            String name = row.getString("label") + " (c=" + row.getInteger("concurrency") + ")";
            g.drawString(name, left - 10 - g.getFontMetrics().stringWidth(name), y + barHeight / 2 + 5);
            double at = 0;
            for (int i = 0; i < processes.size(); i++) {
                double value = cpu(row, processes.get(i));
                int x0 = left + (int) Math.round((right - left) * at / scaleMax);
                int x1 = left + (int) Math.round((right - left) * (at + value) / scaleMax);
                g.setColor(PALETTE[i % PALETTE.length]);
                g.fillRect(x0, y, Math.max(0, x1 - x0), barHeight);
                if (x1 - x0 > 28) {
                    g.setColor(Color.WHITE);
                    g.drawString(format(value), x0 + 4, y + barHeight / 2 + 5);
                }
                at += value;
            }
            g.setColor(Color.BLACK);
            g.drawString(format(at), left + (int) Math.round((right - left) * at / scaleMax) + 4, y + barHeight / 2 + 5);
            y += barHeight + 10;
        }
        g.drawLine(left, y, right, y);
        for (int i = 0; i <= 4; i++) {
            int x = left + (right - left) * i / 4;
            g.drawLine(x, y, x, y + 5);
            String label = format(scaleMax * i / 4);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, y + 20);
        }
        g.dispose();
        ImageIO.write(image, "png", new File(file));
    }

    private static double cpu(JsonObject row, String process) {
        Number value = (Number) row.getJsonObject("cpuUsPerCall").getValue(process);
        return value == null ? 0 : value.doubleValue();
    }

    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double value) {
        if (value >= 100) {
            return String.format("%,.0f", value);
        }
        if (value >= 10) {
            return String.format("%.1f", value);
        }
        return String.format("%.2f", value);
    }
}
