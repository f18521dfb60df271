package org.jumpgate.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.sshd.certificate.OpenSshCertificateBuilder;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's user certificate authority. For each backend link it makes an ephemeral key and
 * an OpenSSH user certificate for it; login nodes trust the CA with one {@code TrustedUserCAKeys}
 * line ({@link #publicKeyLine()}).
 */
public final class UserCa {

    private static final Logger LOG = LoggerFactory.getLogger(UserCa.class);

    /** File name of the CA private key in {@code dataDir}. */
    public static final String FILE = "user_ca_key";

    /** Certificates start this much in the past, so a login node's clock a little behind still accepts them. */
    public static final Duration BACKDATE = Duration.ofMinutes(1);

    private final KeyPair ca;
    private final String comment;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private UserCa(KeyPair ca, String comment, Clock clock) {
        this.ca = ca;
        this.comment = comment;
        this.clock = clock;
    }

    public static UserCa loadOrCreate(Path dataDir, Clock clock) throws IOException, GeneralSecurityException {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            return new UserCa(KeyFiles.read(file), Keys.commentOf(Path.of(file + ".pub"), "jumpgate-ca"), clock);
        }
        KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        String comment = "jumpgate-user-ca@" + Keys.defaultComment().substring("jumpgate@".length());
        KeyFiles.write(file, pair, comment);
        LOG.info("made user CA key {} ({})", file, KeyUtils.getFingerPrint(pair.getPublic()));
        return new UserCa(pair, comment, clock);
    }

    /** The line login nodes put in their {@code TrustedUserCAKeys} file. */
    public String publicKeyLine() {
        return PublicKeyEntry.toString(ca.getPublic()) + " " + comment;
    }

    /**
     * A fresh key pair whose public half is a user certificate for {@code request}.
     */
    public KeyPair issue(CertRequest request) throws GeneralSecurityException {
        Objects.requireNonNull(request, "request");
        KeyPair ephemeral = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Instant now = clock.instant();
        Map<String, String> critical = new TreeMap<>();
        if (!request.sourceAddresses().isEmpty()) {
            critical.put("source-address", String.join(",", request.sourceAddresses()));
        }
        if (request.forceCommand() != null) {
            critical.put("force-command", request.forceCommand());
        }
        Map<String, String> extensions = new TreeMap<>();
        request.extensions().forEach(e -> extensions.put(e, ""));
        try {
            OpenSshCertificate cert = OpenSshCertificateBuilder.userCertificate()
                    .publicKey(ephemeral.getPublic())
                    .serial(random.nextLong() & Long.MAX_VALUE)
                    .id(request.keyId())
                    .principals(List.of(request.user()))
                    .validAfter(now.minus(BACKDATE))
                    .validBefore(now.plus(request.validity()))
                    .criticalOptions(critical)
                    .extensions(extensions)
                    .sign(ca, "ssh-ed25519");
            return new KeyPair(cert, ephemeral.getPrivate());
        } catch (GeneralSecurityException e) {
            throw e;
        } catch (Exception e) {
            throw new GeneralSecurityException("cannot sign certificate for " + request.user() + ": " + e.getMessage(), e);
        }
    }
}
