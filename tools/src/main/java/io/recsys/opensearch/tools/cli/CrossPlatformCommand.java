package io.recsys.opensearch.tools.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "cross-platform", mixinStandardHelpOptions = true, description = "TODO")
public final class CrossPlatformCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 1;
    }
}
