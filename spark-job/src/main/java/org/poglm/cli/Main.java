package org.poglm.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.poglm.ingest.InputException;
import org.poglm.distributed.SparkSettings;
import org.poglm.result.BuildInfo;
import org.poglm.result.OutputException;
import org.poglm.errors.ConfigurationException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The job's entry point, the same under {@code spark-submit} and {@code java -jar}. Exit codes:
 * 0 done (configurations that diverged are listed, the others' results are complete); 2 bad input
 * or options (the message names the file, line or option, the value and what was expected);
 * 3 every configuration of the sweep diverged (non-finite ELBO or gradient; the result records where);
 * 1 anything else.
 */
@Command(name = "poglm", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Fits partially observable GLMs to spike recordings on Apache Spark.",
    subcommands = {FitCommand.class, DemoCommand.class, ReportCommand.class, PresetsCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int DIVERGED = 3;

    /** Where the commands print: the streams {@link #run(String[], PrintStream, PrintStream)} was given. */
    private final PrintStream out;
    /** {@link System#nanoTime()} when the command started (the JVM's start under {@link #main}). */
    private final long startNanos;

    Main(PrintStream out) {
        this(out, System.nanoTime());
    }

    Main(PrintStream out, long startNanos) {
        this.out = out;
        this.startNanos = startNanos;
    }

    /** The console of this run (standard output, or a test's stream). */
    PrintStream console() {
        return out;
    }

    /** Seconds since the command started: what the user waited, Spark's start-up included. */
    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }

    public static void main(String[] args) {
        // The user has waited since the JVM started (spark-submit's own start-up included).
        long started = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
        int code = run(args, System.out, System.err, started);
        if (code != OK) {
            System.exit(code);
        }
    }

    /** Runs the command line and returns its exit code (tests call this). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.nanoTime());
    }

    static int run(String[] args, PrintStream out, PrintStream err, long startNanos) {
        CommandLine cl = new CommandLine(new Main(out, startNanos));
        HelpSections.install(cl.getSubcommands().get("fit"), FitCommand.SECTIONS);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            // One line, the pointer to the help included: scripts read the first line of stderr.
            String command = ex.getCommandLine().getCommandName();
            err.println("poglm: " + flatten(ex.getMessage()) + " (run 'poglm "
                + (command.equals("poglm") ? "" : command + " ") + "--help' for the options)");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            Throwable t = ex;
            if (t instanceof InputException || t instanceof ConfigurationException || t instanceof OutputException) {
                err.println("poglm: " + oneLine(t.getMessage()));
                return BAD_INPUT;
            }
            err.println("poglm: failed: " + t);
            t.printStackTrace(err);
            return FAILED;
        });
        return cl.execute(args);
    }

    /** A possibly multi-line message as one line. */
    static String flatten(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * The Spark session: settings come from spark-submit and {@code conf/spark-defaults.conf}; the
     * job only fills in what is missing (master {@code local[*]} when run without spark-submit, and
     * {@link SparkSettings}). {@code --master} is the job's own option and wins. Says on {@code console}
     * that Spark starts, when it does: that takes seconds.
     */
    static SparkSession spark(String master, String command, PrintStream console) {
        scala.Option<SparkSession> running = SparkSession.getDefaultSession();
        if (running.isDefined() && !running.get().sparkContext().isStopped()) {
            return running.get();
        }
        SparkConf conf = new SparkConf();
        if (master != null) {
            conf.setMaster(master);
        } else {
            conf.setIfMissing("spark.master", "local[*]");
        }
        conf.setIfMissing("spark.app.name", "poglm " + command);
        console.println("starting Spark (master " + conf.get("spark.master") + ") ...");
        return SparkSession.builder().config(SparkSettings.fillIn(conf)).getOrCreate();
    }

    /** Stops the session unless it was running before this command (an embedding program's). */
    static void release(SparkSession spark, boolean createdHere) {
        if (createdHere) {
            spark.stop();
        }
    }

    /** True when no usable session is running yet. */
    static boolean noSessionYet() {
        scala.Option<SparkSession> running = SparkSession.getDefaultSession();
        return running.isEmpty() || running.get().sparkContext().isStopped();
    }

    /** Version from the build's git.properties. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"poglm " + BuildInfo.label()};
        }
    }
}
