package org.jumpgate.transport;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.apache.sshd.client.SshClient;

/**
 * The client side's sntrup761 key pairs, for the {@code sntrup761x25519-sha512} key exchanges of
 * the gateway's links to login nodes (OpenSSH before 9.9 has no ML-KEM, so that is what they
 * negotiate). Generating one is most of a backend login's CPU in Java (Bouncy Castle, tens of
 * milliseconds; measured in docs/performance.md), so a key pair may serve several key exchanges.
 *
 * <p>sntrup761 is a KEM with implicit rejection (IND-CCA2), built for keys that see many
 * encapsulations: reuse keeps every session's secret confidential. What it gives up is the
 * post-quantum half's forward secrecy for the key pair's lifetime ({@code uses} exchanges or
 * {@code maxAge}, whichever comes first): someone who read the gateway's memory in that time could
 * strip that half from those exchanges. The x25519 half is fresh for every exchange, as before,
 * so no session's classical forward secrecy changes. {@code uses} 1 is OpenSSH's way: a fresh
 * pair each time.
 */
public interface KemKeys {

    /** Most exchanges one key pair may serve ({@code backendLink.kemKeyReuse.uses}). */
    int MAX_USES = 256;

    /** Key pairs each serving up to {@code uses} key exchanges within {@code maxAge} of {@code clock}. */
    static KemKeys reused(int uses, Duration maxAge, Clock clock) {
        return new ReusedSntrup761Keys(uses, maxAge, clock, new SecureRandom());
    }

    /** Puts these key pairs under {@code client}'s sntrup761x25519 key exchanges (the rest stay as they are). */
    void offerTo(SshClient client);

    /** Key pairs generated since the start ({@code jumpgate_backend_kem_keys_generated_total}). */
    long generated();
}
