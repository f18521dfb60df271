package org.jumpgate.transport;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.sshd.common.BaseBuilder;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.helpers.AbstractFactoryManager;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.server.ServerBuilder;

/**
 * Algorithm offer and socket settings.
 *
 * <p>Ciphers: AES-GCM first, then AES-CTR; no chacha20-poly1305 (MINA's is pure Java and about
 * 2.5x slower than AES-GCM, which the JVM runs on AES-NI), no CBC, no arcfour. Key exchange,
 * MACs and signatures: MINA's defaults minus anything on SHA-1.
 */
public final class Transport {

    public static final List<BuiltinCiphers> CIPHERS = List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm,
            BuiltinCiphers.aes128ctr, BuiltinCiphers.aes192ctr, BuiltinCiphers.aes256ctr);

    /**
     * Key exchange offer: MINA's preference minus anything on SHA-1, with ML-KEM hybrids moved to the
     * front. Only a client's order decides (RFC 4253 7.1), so this matters where jumpgate is the client:
     * the backend link and {@code jumpgate load}. ML-KEM is post-quantum like sntrup761 (MINA's first
     * choice), and a fresh ML-KEM key pair per handshake is cheap in Java where sntrup761's was
     * three quarters of a login's CPU (measured, docs/performance.md). Login nodes without ML-KEM
     * (OpenSSH before 9.9) still get sntrup761, as before.
     */
    static final List<BuiltinDHFactories> KEX = BaseBuilder.DEFAULT_KEX_PREFERENCE.stream()
            .filter(k -> !weak(k.getName()))
            .sorted(java.util.Comparator.comparing((BuiltinDHFactories k) -> !k.getName().startsWith("mlkem")))
            .toList();

    /** Identification lines longer than this (RFC 4253 allows 255) close the connection. */
    public static final int MAX_IDENTIFICATION_BYTES = 255 * 4;

    private Transport() {
    }

    /** Applies the algorithm offer and socket settings to a server or client. */
    public static void apply(AbstractFactoryManager manager) {
        manager.setCipherFactories(CIPHERS.stream().filter(BuiltinCiphers::isSupported)
                .<NamedFactory<org.apache.sshd.common.cipher.Cipher>>map(c -> c).toList());
        manager.setKeyExchangeFactories(NamedFactory.setUpTransformedFactories(false, KEX,
                manager instanceof org.apache.sshd.server.SshServer ? ServerBuilder.DH2KEX
                        : ClientBuilder.DH2KEX));
        manager.setMacFactories(BaseBuilder.DEFAULT_MAC_PREFERENCE.stream()
                .filter(m -> m.isSupported() && !weak(m.getName()))
                .<NamedFactory<org.apache.sshd.common.mac.Mac>>map(m -> m).toList());
        manager.setSignatureFactories(BaseBuilder.DEFAULT_SIGNATURE_PREFERENCE.stream()
                .filter(s -> s.isSupported() && !weakSignature(s))
                .<NamedFactory<org.apache.sshd.common.signature.Signature>>map(s -> s).toList());
        CoreModuleProperties.IDLE_TIMEOUT.set(manager, Duration.ZERO);
        CoreModuleProperties.NIO2_READ_TIMEOUT.set(manager, Duration.ZERO);
        CoreModuleProperties.TCP_NODELAY.set(manager, true);
        CoreModuleProperties.SOCKET_KEEPALIVE.set(manager, true);
        CoreModuleProperties.MAX_IDENTIFICATION_SIZE.set(manager, MAX_IDENTIFICATION_BYTES);
    }

    /**
     * A key exchange by its SSH name, if this JVM supports it and it is not on SHA-1; for config
     * and option checks ({@code backendLink.kex}, {@code jumpgate load --kex}).
     */
    public static Optional<BuiltinDHFactories> keyExchange(String name) {
        BuiltinDHFactories f = BuiltinDHFactories.fromFactoryName(name);
        return f != null && f.isSupported() && !weak(name) ? Optional.of(f) : Optional.empty();
    }

    /** Replaces a client's key exchange offer with {@code names} (each checked by {@link #keyExchange}), in order. */
    public static void offerKeyExchange(SshClient client, List<String> names) {
        client.setKeyExchangeFactories(names.stream()
                .map(n -> keyExchange(n).orElseThrow(() -> new IllegalArgumentException("unsupported key exchange: " + n)))
                .map(ClientBuilder.DH2KEX).toList());
    }

    private static boolean weak(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("sha1") || n.endsWith("-96") || n.contains("md5") || n.contains("group1-");
    }

    private static boolean weakSignature(BuiltinSignatures s) {
        String n = s.getName();
        return n.equals("ssh-rsa") || n.equals("ssh-dss") || n.startsWith("ssh-rsa-cert") || n.startsWith("ssh-dss-cert");
    }

    /** Names, for logs. */
    public static String describe(List<? extends NamedResource> list) {
        return String.join(",", NamedResource.getNameList(list));
    }
}
