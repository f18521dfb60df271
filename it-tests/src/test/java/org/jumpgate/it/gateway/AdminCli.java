package org.jumpgate.it.gateway;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jumpgate.cli.Main;
import org.jumpgate.server.Gateway;

/** {@code jumpgate admin --admin 127.0.0.1:PORT ARGS...} run in this JVM, as an operator would type it. */
final class AdminCli {

    private AdminCli() {
    }

    /** {@code "STATUS:"} followed by what the command printed on stdout, then stderr. */
    static String run(Gateway gateway, String... args) {
        return run(gateway.adminPort(), args);
    }

    /** The same for a gateway whose admin API listens on {@code 127.0.0.1:adminPort} (one in its own process). */
    static synchronized String run(int adminPort, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "admin";
        all[1] = "--admin";
        all[2] = "127.0.0.1:" + adminPort;
        System.arraycopy(args, 0, all, 3, args.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = System.out;
        PrintStream e = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(all);
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
        return code + ":" + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }
}
