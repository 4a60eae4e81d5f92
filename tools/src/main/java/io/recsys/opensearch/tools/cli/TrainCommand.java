package io.recsys.opensearch.tools.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, description = "TODO")
public final class TrainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 1;
    }
}
