package io.recsys.opensearch.tools.e2e;

import io.recsys.opensearch.tools.cli.RecsysTool;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs recsys-tool in this JVM, as the command line would, and keeps what it printed. */
final class Tool {

    /** Exit code and output. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    private Tool() {}

    static synchronized Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        PrintStream originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter out = new StringWriter(), err = new StringWriter();
        // the commands print their progress to System.out; keep it for the assertions, and echo it to the test log
        System.setOut(new PrintStream(new TeeStream(captured, originalOut), true, StandardCharsets.UTF_8));
        try {
            int code = RecsysTool.execute(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
            return new Run(code, captured.toString(StandardCharsets.UTF_8) + out, err.toString());
        } finally {
            System.setOut(originalOut);
        }
    }

    /** Writes to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a, b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int value) throws java.io.IOException {
            a.write(value);
            b.write(value);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            a.write(bytes, offset, length);
            b.write(bytes, offset, length);
        }
    }
}
