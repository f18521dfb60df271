package org.jumpgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.jumpgate.config.PathTemplate;
import org.jumpgate.connection.KeyPolicy;
import org.jumpgate.keys.CertRequest;
import org.jumpgate.testing.ManualClock;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Jazzer fuzzing of {@link AuthorizedKeys}: the fuzzed bytes are an authorized_keys file in which
 * {@value #KEY} stands for the user's real public key (so that fuzzed options reach the option
 * parser). Whatever the file says, looking the key up never throws and never hangs (libFuzzer's
 * {@code -timeout}, set in gateway/pom.xml), a file that never names the key authorizes nothing,
 * and an authorizing line's extensions are among those the gateway knows. Runs with the other
 * fuzz targets in {@code mvn verify} (gateway/pom.xml); alone:
 * {@code JAZZER_FUZZ=1 mvn -pl gateway -am test -Dtest=AuthorizedKeysFuzzTest}.
 */
@EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
class AuthorizedKeysFuzzTest {

    /** What stands for the user's key in the fuzzed file. */
    static final String KEY = "@KEY@";

    private static final KeyPair USER_KEY = ed25519();
    private static final List<InetAddress> SOURCES = List.of(address("192.0.2.7"), address("2001:db8::7"));

    @TempDir
    static Path dir;

    private static KeyPair ed25519() {
        try {
            // refusals are logged once per line: at fuzzing speed that is only noise
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(AuthorizedKeys.class)).setLevel(Level.ERROR);
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void fuzzedFileNeverThrowsAndAuthorizesOnlyTheKeyItNames(byte[] data) throws Exception {
        String text = new String(data, StandardCharsets.UTF_8);
        PublicKey key = USER_KEY.getPublic();
        Files.writeString(dir.resolve("alice"), text.replace(KEY, PublicKeyEntry.toString(key)),
                StandardCharsets.UTF_8);
        AuthorizedKeys keys = new AuthorizedKeys(new PathTemplate(dir.resolve("%u").toString()),
                new ManualClock(Instant.parse("2026-11-26T10:00:00Z")));
        for (InetAddress source : SOURCES) {
            Optional<KeyPolicy> policy = keys.find("alice", key, source);
            if (!text.contains(KEY)) {
                assertThat(policy).isEmpty();
            }
            policy.ifPresent(p -> assertThat(CertRequest.ALL_EXTENSIONS).containsAll(p.extensions()));
        }
    }
}
