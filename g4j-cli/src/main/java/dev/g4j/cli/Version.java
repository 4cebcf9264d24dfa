package dev.g4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code g4j --version}: the build's version (filtered in by Maven) and the Java running it. */
final class Version implements CommandLine.IVersionProvider {
    static String number() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        String v = p.getProperty("version", "unknown");
        return v.startsWith("${") ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "g4j " + number(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name", "?") + ")"
        };
    }
}
