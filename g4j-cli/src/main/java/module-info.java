/**
 * The {@code g4j} command. No API: nothing is exported; picocli reads the commands reflectively.
 */
module dev.g4j.cli {
    requires dev.g4j.core;
    requires dev.g4j.server;
    requires info.picocli;
    requires java.logging;
    requires org.jline.reader;
    requires org.jline.terminal;

    opens dev.g4j.cli to info.picocli;
}
