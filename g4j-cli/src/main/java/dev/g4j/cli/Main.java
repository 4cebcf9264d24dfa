package dev.g4j.cli;

/**
 * The {@code g4j} command. Started by the {@code ./g4j} launcher (see the README's "Command line"), or
 * with {@code java -cp g4j-cli.jar dev.g4j.cli.Main}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Io io = Io.system();
        Interrupts interrupts = new Interrupts(() -> {
            io.out().flush();
            io.err().println();
            io.err().flush();
            Runtime.getRuntime().halt(Errors.INTERRUPTED);
        });
        interrupts.installSignalHandler();
        int code = new Cli(io, Cli::defaultClient, new GatewayRunner(), interrupts, Cli.GIVE_UP_AFTER)
                .run(args);
        io.out().flush();
        System.exit(code);
    }
}
