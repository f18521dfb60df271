package org.jumpgate.it.gateway;

import org.jumpgate.testing.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jumpgate.auth.Totp;
import org.jumpgate.demo.Demo;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jumpgate demo}: what it prints is enough for a real ssh to log in. */
class DemoTest {

    @TempDir
    Path dir;

    @Test
    void realSshLogsInToTheDemoWithWhatItPrints() throws Exception {
        ManualClock clock = new ManualClock();
        try (Demo demo = Demo.start(new Demo.Options(dir, 0, clock))) {
            String text = demo.instructions();
            assertThat(text).contains("ssh -p " + demo.port()).contains(demo.userKey().toString())
                    .contains(demo.totpSecret());
            try (OpenSsh ssh = OpenSsh.builder(Demo.USER, demo.userKey()).gatewayPort(demo.port())
                    .knownHosts(Files.readAllLines(demo.knownHosts())).build()) {
                Result r = ssh.withCode(Totp.fromBase32(demo.totpSecret()).codeAt(clock.instant()))
                        .ssh("mila", "echo hello from $LOGIN_NODE");
                assertThat(r.exitCode()).as(r.toString()).isZero();
                assertThat(r.stdout()).isEqualTo("hello from login-1\n");
            }
            // the printed ssh_config: the login guide's shape, a jump to the demo compute node
            try (OpenSsh guide = OpenSsh.builder(Demo.USER, demo.userKey()).gatewayPort(demo.port())
                    .knownHosts(Files.readAllLines(demo.knownHosts())).build()) {
                Result r = guide.withCode(Totp.fromBase32(demo.totpSecret()).codeAt(clock.advance(Totp.STEP)))
                        .run(java.util.List.of(OpenSsh.SSH, "-F", demo.sshConfig().toString(), Demo.COMPUTE_NODE,
                                "echo on $LOGIN_NODE"));
                assertThat(r.exitCode()).as(r.toString()).isZero();
                assertThat(r.stdout()).isEqualTo("on cn-demo01\n");
            }
        }
    }
}
