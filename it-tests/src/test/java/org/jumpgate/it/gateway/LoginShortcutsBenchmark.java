package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.SshdNode;
import org.jumpgate.it.fixture.TestUser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Login p50 of sequential {@code ssh mila true} through five gateways (linger and pool each on or
 * off, and one with a fresh sntrup761 key pair per backend login; one OpenSSH login node each) against {@code ssh} straight to a login node's sshd, in one
 * run, interleaved (the order rotates each round). Prints, never asserts a time.
 * {@code -Djumpgate.bench.logins=N} (default 20) rounds.
 */
@Tag("benchmark")
class LoginShortcutsBenchmark {

    static final int LOGINS = Integer.getInteger("jumpgate.bench.logins", 20);
    static final String DIRECT = "login-direct";

    private record Path(String name, OpenSsh client, String host) {
    }

    @Test
    void loginLatencyWithLingerAndPool() throws Exception {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("fresh-kem", "  linger: 0s\n  kemKeyReuse: {uses: 1}\n"); // OpenSSH's fresh sntrup761 pair
        configs.put("off", "  linger: 0s\n");
        configs.put("linger", "  linger: 30s\n");
        configs.put("pool", "  linger: 0s\n  pool: {size: 2, maxAge: 60s}\n");
        configs.put("linger+pool", "  linger: 30s\n  pool: {size: 2, maxAge: 60s}\n");
        List<GatewayFixture> fixtures = new ArrayList<>();
        try {
            List<Path> paths = new ArrayList<>();
            for (var c : configs.entrySet()) {
                GatewayFixture gw = GatewayFixture.startKeyOnly(List.of("login-1"), Map.of(),
                        "backendLink:\n  connectTimeout: 5s\n" + c.getValue());
                fixtures.add(gw);
                TestUser user = gw.user("bl" + fixtures.size());
                gw.authorizeOnNodes(user);
                SshdNode login = gw.node("login-1");
                OpenSsh client = gw.client(user, new ArrayList<>(login.knownHostsLines()),
                        "Host " + DIRECT, "  HostName 127.0.0.1", "  Port " + login.port());
                paths.add(new Path(c.getKey(), client, "mila"));
                if (fixtures.size() == 1) {
                    paths.add(new Path("direct", client, DIRECT));
                }
            }
            for (Path p : paths) { // warm-up, not measured (JIT, first host key learned)
                for (int i = 0; i < 3; i++) {
                    login(p);
                }
            }
            Map<String, List<Double>> ms = new LinkedHashMap<>();
            paths.forEach(p -> ms.put(p.name(), new ArrayList<>()));
            for (int i = 0; i < LOGINS; i++) {
                for (int k = 0; k < paths.size(); k++) {
                    Path p = paths.get((i + k) % paths.size());
                    ms.get(p.name()).add(login(p));
                }
            }
            double direct = OpenSshComparisonBenchmark.percentile(ms.get("direct"), 50);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "login-shortcuts (%d rounds of sequential ssh ... true, publickey, interleaved): direct p50 %.0f ms",
                    LOGINS, direct));
            for (String name : configs.keySet()) {
                double p50 = OpenSshComparisonBenchmark.percentile(ms.get(name), 50);
                line.append(String.format(Locale.ROOT, "; %s p50 %.0f ms p90 %.0f ms (%.2f of direct)", name, p50,
                        OpenSshComparisonBenchmark.percentile(ms.get(name), 90), p50 / direct));
            }
            BenchmarkResults.report(line.toString());
            for (int i = 0; i < fixtures.size(); i++) {
                var m = fixtures.get(i).gateway().metrics();
                BenchmarkResults.report(String.format(Locale.ROOT, "#   %s: reused %.0f, pool hits %.0f misses %.0f, sntrup761 key pairs %.0f",
                        new ArrayList<>(configs.keySet()).get(i),
                        m.get("jumpgate.backend.links.reused").functionCounter().count(),
                        m.get("jumpgate.backend.pool.hits").functionCounter().count(),
                        m.get("jumpgate.backend.pool.misses").functionCounter().count(),
                        m.get("jumpgate.backend.kem.keys.generated").functionCounter().count()));
            }
        } finally {
            for (GatewayFixture f : fixtures) {
                f.close();
            }
        }
    }

    private static double login(Path p) {
        long t0 = System.nanoTime();
        Result r = p.client().ssh(p.host(), "true");
        double ms = (System.nanoTime() - t0) / 1e6;
        assertThat(r.exitCode()).as(p.name() + ": " + r).isZero();
        return ms;
    }
}
