package io.recsys.opensearch.tools.cli;

import io.recsys.opensearch.tools.rest.ClusterException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code recsys-tool}: the entry point; one subcommand per task. */
@Command(
    name = "recsys-tool",
    mixinStandardHelpOptions = true,
    version = "recsys-tool 0.1.0 (opensearch-recsys)",
    description = "Loads data into an opensearch-recsys cluster, trains item embeddings and the fusion model, and measures the recommendations.",
    subcommands = { LoadCommand.class, EmbedCommand.class, TrainCommand.class, EvaluateCommand.class, CrossPlatformCommand.class },
    sortOptions = false
)
public final class RecsysTool implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: load, embed, train, evaluate or cross-platform");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; the exit code: 0 done, 1 failed (the message says why), 2 bad arguments. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new RecsysTool());
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ClusterException || e instanceof IllegalArgumentException) {
                err.println("error: " + e.getMessage());
            } else {
                err.println("error: " + e);
                e.printStackTrace(err);
            }
            return 1;
        });
        return line.execute(args);
    }
}
