package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scp, sftp and rsync as the login guide shows them, through the gateway. */
class FileTransferTest {

    static GatewayFixture gw;
    static TestUser bob;
    static OpenSsh client;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayFixture.start("login-1");
        bob = gw.user("bob");
        client = gw.client(bob);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void scpUploadsAndDownloadsOneHundredMebibytesIntact() throws Exception {
        Path up = tmp.resolve("up.bin");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(7);
        try (var out = Files.newOutputStream(up)) {
            for (int i = 0; i < 100; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        Result put = client.withCode(gw.nextCode(bob)).scp(up.toString(), "mila:scratch-up.bin");
        assertThat(put.exitCode()).as(put.toString()).isZero();
        Path down = tmp.resolve("down.bin");
        Result get = client.withCode(gw.nextCode(bob)).scp("mila:scratch-up.bin", down.toString());
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(sha256(down)).isEqualTo(sha256(up));
        client.withCode(gw.nextCode(bob)).ssh("mila", "rm -f scratch-up.bin");
    }

    @Test
    void sftpBatchPutsListsAndGets() throws Exception {
        Path f = Files.writeString(tmp.resolve("notes.txt"), "a line\n");
        Path back = tmp.resolve("back.txt");
        Result r = client.withCode(gw.nextCode(bob)).sftpBatch("mila", "put " + f + " notes.txt", "ls -l notes.txt",
                "get notes.txt " + back, "rm notes.txt");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("notes.txt");
        assertThat(Files.readString(back)).isEqualTo("a line\n");
    }

    @Test
    void rsyncCopiesATreeBothWays() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/a/b"));
        Files.writeString(src.resolve("x.txt"), "x\n");
        Files.writeString(tmp.resolve("src/a/y.txt"), "y\n");
        Files.write(tmp.resolve("src/big.bin"), new byte[200_000]);
        Result up = client.withCode(gw.nextCode(bob)).rsync("-av", tmp.resolve("src") + "/", "mila:tree/");
        assertThat(up.exitCode()).as(up.toString()).isZero();
        Result down = client.withCode(gw.nextCode(bob)).rsync("-av", "mila:tree/", tmp.resolve("dst") + "/");
        assertThat(down.exitCode()).as(down.toString()).isZero();
        assertThat(Files.readString(tmp.resolve("dst/a/b/x.txt"))).isEqualTo("x\n");
        assertThat(Files.readString(tmp.resolve("dst/a/y.txt"))).isEqualTo("y\n");
        assertThat(sha256(tmp.resolve("dst/big.bin"))).isEqualTo(sha256(tmp.resolve("src/big.bin")));
        client.withCode(gw.nextCode(bob)).ssh("mila", "rm -rf tree");
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
