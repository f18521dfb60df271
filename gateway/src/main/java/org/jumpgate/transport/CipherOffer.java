package org.jumpgate.transport;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.kex.KexProposalOption;

/**
 * The server's cipher offer fitted to one client: when the client's KEXINIT lists an AES-GCM
 * cipher the server offers, the server offers only its AES-GCM ciphers in that direction, so the
 * client cannot pick AES-CTR with an HMAC (OpenSSH lists {@code aes*-ctr} before
 * {@code aes*-gcm@openssh.com}, and chacha20-poly1305 is not offered: it would otherwise
 * negotiate AES-CTR, about 2.4x the CPU of AES-GCM). A client without AES-GCM (paramiko 2.12,
 * Dropbear 2022.83) gets the whole offer, AES-CTR with the encrypt-then-MAC MACs first. Only ever
 * removes from the offer: nothing is offered that {@link Transport#apply} did not.
 *
 * <p>The server must have read the client's KEXINIT before it sends its own (RFC 4253 7.1 lets
 * either side send first); the same fitted offer then serves every re-key of the connection.
 */
public final class CipherOffer {

    /** The ciphers that, when the client has one of them, push AES-CTR out of the offer. */
    static final Set<String> GCM = Set.of(BuiltinCiphers.aes128gcm.getName(), BuiltinCiphers.aes256gcm.getName());

    private static final List<KexProposalOption> DIRECTIONS = List.of(KexProposalOption.C2SENC,
            KexProposalOption.S2CENC);

    private CipherOffer() {
    }

    /**
     * {@code ours} with each direction's ciphers fitted to what {@code client} lists for it; a copy,
     * {@code ours} unchanged. An empty or missing client proposal (not read yet) leaves the offer whole.
     */
    public static Map<KexProposalOption, String> fitted(Map<KexProposalOption, String> ours,
                                                        Map<KexProposalOption, String> client) {
        Map<KexProposalOption, String> fitted = new EnumMap<>(KexProposalOption.class);
        fitted.putAll(ours);
        for (KexProposalOption direction : DIRECTIONS) {
            String offer = ours.get(direction);
            if (offer != null) {
                fitted.put(direction, fit(offer, client == null ? null : client.get(direction)));
            }
        }
        return fitted;
    }

    /** One direction: our AES-GCM ciphers alone when the client lists one of them, else {@code ours}. */
    static String fit(String ours, String clients) {
        List<String> offer = names(ours);
        Set<String> theirs = Set.copyOf(names(clients));
        List<String> gcm = offer.stream().filter(GCM::contains).toList();
        boolean clientHasGcm = gcm.stream().anyMatch(theirs::contains);
        return clientHasGcm ? String.join(",", gcm) : ours;
    }

    /** True when {@code fitted} offers fewer ciphers than {@code ours} in either direction. */
    public static boolean narrowed(Map<KexProposalOption, String> ours, Map<KexProposalOption, String> fitted) {
        return DIRECTIONS.stream().anyMatch(d -> !names(ours.get(d)).equals(names(fitted.get(d))));
    }

    private static List<String> names(String list) {
        return list == null || list.isBlank() ? List.of()
                : Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .collect(Collectors.toList());
    }
}
