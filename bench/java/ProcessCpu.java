import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time (user + system, in clock ticks) of processes, from {@code /proc/<pid>/stat}. PostgreSQL is every
 * process of the server that is not a client backend of another database: the backends connected to the
 * benchmark's database (their process title names it), plus the shared ones (postmaster, WAL writer,
 * checkpointer, background writer, autovacuum), which also work for whoever else uses the server.
 */
final class ProcessCpu {

    private final String database;

    ProcessCpu(String database) {
        this.database = database;
    }

    Map<String, Long> ticks(Map<String, Long> named, boolean postgres, boolean redis) throws IOException {
        Map<String, Long> ticks = new LinkedHashMap<>();
        named.forEach((name, pid) -> ticks.put(name, ticksOf(pid)));
        if (postgres || redis) {
            long postgresTicks = 0;
            long redisTicks = 0;
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path process : processes) {
                    String command = commandLine(process);
                    if (postgres && isOurPostgres(command)) {
                        postgresTicks += ticksOf(process);
                    } else if (redis && command.startsWith("redis-server")) {
                        redisTicks += ticksOf(process);
                    }
                }
            }
            if (postgres) {
                ticks.put("postgres", postgresTicks);
            }
            if (redis) {
                ticks.put("redis", redisTicks);
            }
        }
        return ticks;
    }

    private boolean isOurPostgres(String command) {
        if (command.contains("/bin/postgres ")) {
            return true;
        }
        if (!command.startsWith("postgres: ")) {
            return false;
        }
        // "postgres: 15/main: <user> <database> <host>(<port>) <state>" for a client backend,
        // "postgres: 15/main: walwriter" and the like for the shared processes.
        String[] words = command.substring(command.indexOf(": ", 10) + 2).split(" ");
        boolean clientBackend = words.length >= 3 && (words[2].endsWith(")") || words[2].equals("[local]"));
        return !clientBackend || words[1].equals(database);
    }

    private static String commandLine(Path process) {
        try {
            return new String(Files.readAllBytes(process.resolve("cmdline"))).replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }

    /**
     * CPU time of a JVM's JIT compiler threads (C1 and C2): compiling is warm-up, not a cost of each call, and a
     * JVM still compiling looks dearer per call than its twin that has finished. On 2 cores the JVM keeps one
     * thread of each for its whole life, so the threads read at the start of a window are there at its end.
     */
    static long jitTicksOf(long pid) {
        long ticks = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path thread : threads) {
                String name;
                try {
                    name = Files.readString(thread.resolve("comm"));
                } catch (IOException gone) {
                    continue;
                }
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    ticks += ticksOf(thread);
                }
            }
        } catch (IOException gone) {
            return 0;
        }
        return ticks;
    }

    /**
     * The read and write system calls a process has made ({@code syscr}, {@code syscw} of {@code /proc/<pid>/io}):
     * every socket read and write counts, so their number per call shows how many times a proxy crossed into the
     * kernel for each message, whatever the machine's speed; then its threads' context switches, voluntary (a thread
     * that waited: an event loop with nothing to do, a lock) and not (a thread the scheduler took the core from),
     * summed over {@code /proc/<pid>/task/<tid>/status}. Null when the files cannot be read.
     */
    static long[] syscallsOf(long pid) {
        Path process = Path.of("/proc", Long.toString(pid));
        try {
            long[] counts = new long[4];
            for (String line : Files.readAllLines(process.resolve("io"))) {
                if (line.startsWith("syscr: ")) {
                    counts[0] = Long.parseLong(line.substring(7).trim());
                } else if (line.startsWith("syscw: ")) {
                    counts[1] = Long.parseLong(line.substring(7).trim());
                }
            }
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(process.resolve("task"))) {
                for (Path task : tasks) {
                    addSwitches(task, counts);
                }
            }
            return counts;
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    private static void addSwitches(Path task, long[] counts) {
        try {
            for (String line : Files.readAllLines(task.resolve("status"))) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    counts[2] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                    counts[3] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException | RuntimeException ended) {
            // A thread that ended between the listing and the read: its switches are no longer counted anywhere.
        }
    }

    static long ticksOf(long pid) {
        return ticksOf(Path.of("/proc", Long.toString(pid)));
    }

    private static long ticksOf(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            // Fields after "(comm)", which may hold spaces; utime and stime are fields 14 and 15 of the line.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
