package org.jumpgate.harness;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a stopped gateway must have let go of: its threads and its ports. */
public final class LiveThreads {

    private LiveThreads() {
    }

    /** Live threads by name, sorted, less Awaitility's own poller. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        Thread.getAllStackTraces().keySet().forEach(t -> {
            if (t.isAlive() && !t.getName().startsWith("awaitility")) {
                names.add(t.getName());
            }
        });
        Collections.sort(names);
        return names;
    }

    /** True if something accepts TCP connections on loopback {@code port}. */
    public static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
