package org.jumpgate.transport;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.sshd.common.BaseBuilder;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.compression.BuiltinCompressions;
import org.apache.sshd.common.compression.Compression;
import org.apache.sshd.common.helpers.AbstractFactoryManager;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;

/**
 * Algorithm offer and socket settings, for the server users reach and for the gateway's own
 * clients (the backend link to OpenSSH 9.2 login nodes, {@code jumpgate load}).
 *
 * <p>The server's offer is clean under ssh-audit 2.5.0 (0 fail, 0 warn; the it-test
 * {@code SshAuditTest} runs it) except for what is kept on purpose, each named with who needs it:
 * <ul>
 * <li>the ECDSA host key ({@code ecdsa-sha2-nistp256}): the cluster's login guide publishes its
 *     fingerprint, so users who checked it keep a key they know;</li>
 * <li>{@code hmac-sha2-256} (encrypt-and-MAC): Dropbear 2022.83's only MAC not on SHA-1, and it
 *     has no AES-GCM (and chacha20 is not offered), so without it dbclient cannot connect;</li>
 * <li>{@code sntrup761x25519-sha512@openssh.com} ("experimental" to ssh-audit 2.5.0): the
 *     post-quantum default of OpenSSH 9.2 and PuTTY 0.78, and what the backend link gets from
 *     Debian 12 login nodes;</li>
 * <li>{@code mlkem768x25519-sha256} (unknown to ssh-audit 2.5.0): JSch 2.28's first choice, and
 *     OpenSSH 9.9+'s; {@code jumpgate load} uses it, where sntrup761's key generation in Java
 *     would be most of a login's CPU;</li>
 * <li>{@code kex-strict-s-v00@openssh.com} (unknown to ssh-audit 2.5.0): not an algorithm but the
 *     strict key exchange marker against the Terrapin attack (CVE-2023-48795).</li>
 * </ul>
 *
 * <p>Ciphers: AES-GCM first, then AES-CTR; no chacha20-poly1305 (MINA's is pure Java and about
 * 2.5x slower than AES-GCM, which the JVM runs on AES-NI), no CBC, no arcfour. AES-CTR stays for
 * paramiko 2.12 and Dropbear 2022.83, which have no AES-GCM; a client that has AES-GCM is offered
 * AES-GCM alone ({@link CipherOffer}: the gateway's server session reads the client's KEXINIT
 * first), since the client's order decides and OpenSSH's puts AES-CTR first. Key exchange: post-quantum hybrids,
 * curve25519 and curve448, finite-field Diffie-Hellman of 2048 bits and more; no NIST-curve ECDH
 * (no client of the interop suite needs it: all have curve25519), nothing on SHA-1. MACs:
 * encrypt-then-MAC SHA-2, plus the one above. Compression: servers offer {@code none} and
 * {@code zlib@openssh.com} (zlib only after authentication, as OpenSSH); plain {@code zlib} would
 * run the decompressor on what unauthenticated clients send. Clients offer {@code none} only.
 */
public final class Transport {

    public static final List<BuiltinCiphers> CIPHERS = List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm,
            BuiltinCiphers.aes128ctr, BuiltinCiphers.aes192ctr, BuiltinCiphers.aes256ctr);

    /**
     * Key exchange offer, ML-KEM hybrid first. Only a client's order decides (RFC 4253 7.1), so the
     * order matters where jumpgate is the client: the backend link and {@code jumpgate load}. A
     * fresh ML-KEM key pair per handshake is cheap in Java where sntrup761's was three quarters of
     * a login's CPU (measured, docs/performance.md); login nodes without ML-KEM (OpenSSH before
     * 9.9) get sntrup761. Left out of MINA's list: the NIST-curve ECDH and ML-KEM hybrids
     * ({@code ecdh-sha2-nistp*}, {@code mlkem*nistp*}: ssh-audit fails the curves, and no client
     * here needs them), and {@code sntrup761x25519-sha512}, the newer name of the {@code @openssh.com}
     * one, which only OpenSSH 9.9+ knows and which would pick ML-KEM first.
     */
    static final List<BuiltinDHFactories> KEX = List.of(
            BuiltinDHFactories.mlkem768x25519,           // JSch 2.28, OpenSSH 9.9+, jumpgate load
            BuiltinDHFactories.sntrup761x25519_openssh,  // OpenSSH 9.2, PuTTY 0.78, the backend link
            BuiltinDHFactories.curve25519,               // Dropbear 2022.83, asyncssh 2.10
            BuiltinDHFactories.curve25519_libssh,        // paramiko 2.12 knows only this name
            BuiltinDHFactories.curve448,
            BuiltinDHFactories.dhgex256,
            BuiltinDHFactories.dhg18_512,
            BuiltinDHFactories.dhg17_512,
            BuiltinDHFactories.dhg16_512,
            BuiltinDHFactories.dhg15_512,
            BuiltinDHFactories.dhg14_256);

    /**
     * MACs: encrypt-then-MAC first. {@code hmac-sha2-256} (encrypt-and-MAC, an ssh-audit warning)
     * is kept only for Dropbear 2022.83: its MACs are hmac-sha1 and hmac-sha2-256, and with AES-CTR
     * (it has no AES-GCM) it needs one; without it dbclient stops at "No matching algo mac"
     * (checked against an sshd offering only the ETM ones). The client's order decides, so paramiko
     * 2.12, which lists it before the ETM names and has no AES-GCM, uses it too with AES-CTR (it
     * takes hmac-sha2-256-etm where it is not offered). OpenSSH 9.2 and PuTTY 0.78 get AES-GCM
     * ({@link CipherOffer}, checked by the interop suite); asyncssh and JSch pick AES-GCM or ETM.
     */
    static final List<BuiltinMacs> MACS = List.of(BuiltinMacs.hmacsha256etm, BuiltinMacs.hmacsha512etm,
            BuiltinMacs.hmacsha256 /* Dropbear 2022.83 */);

    /** What a server offers: no compression, or zlib after authentication only (as OpenSSH). */
    static final List<BuiltinCompressions> SERVER_COMPRESSION = List.of(BuiltinCompressions.none,
            BuiltinCompressions.delayedZlib);

    /** Identification lines longer than this (RFC 4253 allows 255) close the connection. */
    public static final int MAX_IDENTIFICATION_BYTES = 255 * 4;

    private Transport() {
    }

    /** Applies the algorithm offer and socket settings to a server or client. */
    public static void apply(AbstractFactoryManager manager) {
        boolean server = manager instanceof SshServer;
        manager.setCipherFactories(CIPHERS.stream().filter(BuiltinCiphers::isSupported)
                .<NamedFactory<org.apache.sshd.common.cipher.Cipher>>map(c -> c).toList());
        manager.setKeyExchangeFactories(NamedFactory.setUpTransformedFactories(true, KEX,
                server ? ServerBuilder.DH2KEX : ClientBuilder.DH2KEX));
        manager.setMacFactories(MACS.stream().filter(BuiltinMacs::isSupported)
                .<NamedFactory<org.apache.sshd.common.mac.Mac>>map(m -> m).toList());
        manager.setCompressionFactories(server
                ? SERVER_COMPRESSION.stream().<NamedFactory<Compression>>map(c -> c).toList()
                : List.of(BuiltinCompressions.none));
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
