package org.jumpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        System.setErr(new PrintStream(err, true));
        System.setOut(new PrintStream(out, true));
        try {
            return Main.run(args);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    @Test
    void badConfigExitsTwoAndListsEveryError() throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "listen: x:y\nbackends: []\nauth: {}\n");
        assertThat(run("serve", "--config", cfg.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("errors:").contains("listen:").contains("auth.authorizedKeys: missing");
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void everySubcommandAnswersHelp() {
        java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
        collect(new picocli.CommandLine(new Main()), new java.util.ArrayList<>(), paths);
        // the built-in ones; load and echo-node come from the loadgen module (its LoadgenSubcommandsTest)
        assertThat(paths).extracting(p -> String.join(" ", p)).contains("demo", "serve", "admin kill");
        for (java.util.List<String> path : paths) {
            out.reset();
            java.util.List<String> args = new java.util.ArrayList<>(path);
            args.add("--help");
            assertThat(run(args.toArray(String[]::new))).as("jumpgate %s --help", String.join(" ", path)).isZero();
            assertThat(out.toString()).as("jumpgate %s --help", String.join(" ", path))
                    .contains("Usage: jumpgate " + String.join(" ", path));
        }
    }

    private static void collect(picocli.CommandLine cl, java.util.List<String> path,
                                java.util.List<java.util.List<String>> into) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            java.util.List<String> p = new java.util.ArrayList<>(path);
            p.add(name);
            into.add(p);
            collect(sub, p, into);
        });
    }

    @Test
    void versionIsTheBuildsProjectVersionEvenFromClasses() {
        String expected = "jumpgate " + System.getProperty("jumpgate.expected.version") + "\n";
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).isEqualTo(expected).doesNotContain("development build");
        out.reset();
        assertThat(run("demo", "--version")).isZero();
        assertThat(out.toString()).isEqualTo(expected);
    }

    @Test
    void unknownSubcommandIsUsageError() {
        assertThat(run("frobnicate")).isEqualTo(2);
    }

    @Test
    void missingConfigFileIsAClearError() {
        assertThat(run("fingerprints", "--config", dir.resolve("none.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read");
    }

    @Test
    void caPrintsOneTrustedUserCaKeysLine() throws Exception {
        Path cfg = dir.resolve("ok.yaml");
        Files.writeString(cfg, "dataDir: " + dir.resolve("data") + "\nauth: {methods: publickey, authorizedKeys: /k/%u}\n"
                + "backends: [{name: l1, address: \"127.0.0.1:22\"}]\n");
        assertThat(run("ca", "--config", cfg.toString())).isEqualTo(0);
        assertThat(out.toString().trim()).matches("ssh-ed25519 AAAA\\S+ jumpgate-user-ca@\\S+");
    }
}
