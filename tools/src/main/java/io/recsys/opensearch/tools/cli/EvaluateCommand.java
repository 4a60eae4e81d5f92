package io.recsys.opensearch.tools.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "TODO")
public final class EvaluateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 1;
    }
}
