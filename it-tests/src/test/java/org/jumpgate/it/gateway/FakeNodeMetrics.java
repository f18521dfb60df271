package org.jumpgate.it.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A node_exporter stand-in on 127.0.0.1 whose load the test sets: it serves the same text format
 * node_exporter does, with {@code node_load1}, four CPUs and plenty of memory.
 */
final class FakeNodeMetrics implements AutoCloseable {

    static final int CPUS = 4;

    private final HttpServer server;
    private volatile double load1;

    FakeNodeMetrics(double load1) throws IOException {
        this.load1 = load1;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/metrics", exchange -> {
            StringBuilder b = new StringBuilder("# TYPE node_load1 gauge\nnode_load1 ").append(this.load1).append('\n')
                    .append("# TYPE node_cpu_seconds_total counter\n");
            for (int cpu = 0; cpu < CPUS; cpu++) {
                b.append("node_cpu_seconds_total{cpu=\"").append(cpu).append("\",mode=\"idle\"} 1000.5\n");
                b.append("node_cpu_seconds_total{cpu=\"").append(cpu).append("\",mode=\"user\"} 20.5\n");
            }
            b.append("node_memory_MemAvailable_bytes 6.0e+10\nnode_memory_MemTotal_bytes 6.4e+10\n");
            byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    void load(double value) {
        this.load1 = value;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
