package org.patientportal.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * The CPU time of what a harness measures: this JVM (every thread: workers, JIT, GC) and the
 * PostgreSQL server's processes (its postmaster and every child: the backends of both pools, the
 * WAL writer ...), read from {@code /proc} (Linux; the server on this machine, as the embedded one
 * is). Other processes on the machine do not count, so a busy machine slows the figures but does not
 * add to them. Where the server's processes cannot be read (another machine, another OS) the
 * server's share is {@code NaN}; so is everything off Linux.
 */
final class CpuMeter {
    /** The kernel's clock tick (USER_HZ), which {@code /proc/<pid>/stat} counts in: 100 per second on Linux. */
    private static final long TICK_NANOS = 10_000_000L;
    private static final int CPUS = cpus();

    private final long postmaster;

    private CpuMeter(long postmaster) {
        this.postmaster = postmaster;
    }

    /**
     * A meter of this JVM and the server {@code database} connects to: the postmaster is the parent of
     * the backend that answers {@code pg_backend_pid()}.
     *
     * @param database a connection to the server, used once
     * @return the meter; its server share is {@code NaN} where the backend is not a process here
     */
    static CpuMeter of(DataSource database) {
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            long[] stat = stat(Path.of("/proc", Long.toString(rs.getLong(1))));
            return new CpuMeter(stat == null ? -1 : stat[0]);
        } catch (SQLException e) {
            return new CpuMeter(-1);
        }
    }

    /**
     * The CPUs of this machine, from {@code /proc/stat} (the machine's, not this JVM's share).
     *
     * @return the count, or what the JVM sees where the file is absent
     */
    static int machineCpus() {
        return CPUS;
    }

    /**
     * Reads the counters now.
     *
     * @return the reading
     */
    Reading now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long[] groups = jvmThreadTicks();
        long[] server = postmaster < 0 ? new long[] {-1, -1} : serverTicks();
        return new Reading(jvm, server[0] * TICK_NANOS, server[1] * TICK_NANOS, groups[0] * TICK_NANOS,
                groups[1] * TICK_NANOS);
    }

    /**
     * This JVM's garbage collector threads' and JIT compiler threads' ticks, from
     * {@code /proc/self/task}; -1 each where it cannot be read.
     */
    private static long[] jvmThreadTicks() {
        long gc = 0;
        long jit = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue;   // the thread ended
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                // HotSpot's names: "GC Thread#0", "G1 Conc#0", "G1 Refine#0", "G1 Main Marker", "G1 Service";
                // "C2 CompilerThre", "C1 CompilerThre" (the kernel keeps 15 characters)
                if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                    gc += ticks;
                } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    jit += ticks;
                }
            }
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
        return new long[] {gc, jit};
    }

    /**
     * The ticks of the postmaster (with those of its children that have ended: an autovacuum worker
     * exits after each table) and of its children now alive, and of those the background processes'
     * (every child but the client backends, and the ended ones); -1 each if {@code /proc} cannot be read.
     */
    private long[] serverTicks() {
        long ticks = 0;
        long background = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long[] stat = stat(process);
                boolean isPostmaster = Long.parseLong(process.getFileName().toString()) == postmaster;
                if (stat != null && (stat[0] == postmaster || isPostmaster)) {
                    long own = isPostmaster ? stat[1] + stat[2] : stat[1];
                    ticks += own;
                    if (isPostmaster || !isClientBackend(process)) {
                        background += own;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
        return new long[] {ticks, background};
    }

    /**
     * Whether a server child is a client backend: PostgreSQL titles those
     * {@code "postgres: user database host ..."}, its own processes {@code "postgres: walwriter"} and the like.
     */
    private static boolean isClientBackend(Path process) {
        try {
            String title = new String(Files.readAllBytes(process.resolve("cmdline")), java.nio.charset.StandardCharsets.UTF_8)
                    .replace('\0', ' ').trim();
            return !title.matches("postgres: (autovacuum|walwriter|checkpointer|background writer|logical replication"
                    + "|walsummarizer|archiver|stats|io worker).*") && title.startsWith("postgres: ");
        } catch (IOException e) {
            return false;   // ended
        }
    }

    /**
     * A process's parent, its user + system ticks and its ended children's (those it has waited for),
     * or null if it has ended or cannot be read.
     */
    private static long[] stat(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            // pid (comm) state ppid ... utime is field 14, stime 15, cutime 16, cstime 17; comm may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12]),
                    Long.parseLong(f[13]) + Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;   // ended (NoSuchFileException) or unreadable
        }
    }

    private static int cpus() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            int n = (int) lines.stream().filter(line -> line.matches("cpu\\d+ .*")).count();
            return n > 0 ? n : Runtime.getRuntime().availableProcessors();
        } catch (IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * One reading, in nanoseconds of CPU time.
     *
     * @param jvm    this JVM's, every thread
     * @param server the server's processes', or -1 where they cannot be read
     * @param background of those, the ones that serve no client (autovacuum, WAL writer ...), or -1
     * @param gc     this JVM's garbage collector threads', or a negative value where they cannot be read
     * @param jit    this JVM's JIT compiler threads', or a negative value where they cannot be read
     */
    record Reading(long jvm, long server, long background, long gc, long jit) {
        /**
         * The CPU time this JVM spent between {@code this} and {@code later}.
         *
         * @param later a later reading
         * @return nanoseconds
         */
        double jvmSince(Reading later) {
            return later.jvm - jvm;
        }

        /**
         * The CPU time the server's processes spent between {@code this} and {@code later}.
         *
         * @param later a later reading
         * @return nanoseconds, {@code NaN} if the server's processes cannot be read
         */
        double serverSince(Reading later) {
            return server < 0 || later.server < 0 ? Double.NaN : later.server - server;
        }

        /**
         * The CPU time the server's background processes (those that serve no client) spent between
         * {@code this} and {@code later}.
         *
         * @param later a later reading
         * @return nanoseconds, {@code NaN} if they cannot be read
         */
        double backgroundSince(Reading later) {
            return background < 0 || later.background < 0 ? Double.NaN : later.background - background;
        }

        /**
         * The CPU time this JVM's garbage collector threads spent between {@code this} and {@code later}.
         *
         * @param later a later reading
         * @return nanoseconds, {@code NaN} if they cannot be read
         */
        double gcSince(Reading later) {
            return gc < 0 || later.gc < 0 ? Double.NaN : later.gc - gc;
        }

        /**
         * The CPU time this JVM's JIT compiler threads spent between {@code this} and {@code later}.
         *
         * @param later a later reading
         * @return nanoseconds, {@code NaN} if they cannot be read
         */
        double jitSince(Reading later) {
            return jit < 0 || later.jit < 0 ? Double.NaN : later.jit - jit;
        }
    }
}
