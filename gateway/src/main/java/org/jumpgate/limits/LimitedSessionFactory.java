package org.jumpgate.limits;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.ServerFactoryManager;
import org.apache.sshd.server.session.ServerSessionImpl;
import org.apache.sshd.server.session.SessionFactory;
import org.jumpgate.transport.CipherOffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a server session only for a connection the limits admit; a refused one reads one line and
 * is closed before any SSH is spoken (MINA's acceptor closes a connection whose creation fails).
 * Its sessions end a connection at once, with one line in the log, when the client sends what
 * cannot be SSH before authenticating, instead of waiting for a disconnect it will not read.
 * They send their first KEXINIT after the client's, with the ciphers fitted to the client's
 * ({@link CipherOffer}: AES-GCM alone when the client has it).
 */
final class LimitedSessionFactory extends SessionFactory {

    /** The longest packet read, as MINA (and OpenSSH, 256 KiB) allow. */
    static final long MAX_PACKET_LENGTH = 8L * SshConstants.SSH_REQUIRED_PAYLOAD_PACKET_LENGTH_SUPPORT;

    private final ConnectionLimits limits;

    LimitedSessionFactory(ServerFactoryManager server, ConnectionLimits limits) {
        super(server);
        this.limits = limits;
    }

    @Override
    public void sessionCreated(IoSession ioSession) throws Exception {
        Ticket ticket = limits.admit(ioSession);
        ioSession.setAttribute(Ticket.class, ticket);
        try {
            super.sessionCreated(ioSession);
        } catch (Exception | Error e) {
            ticket.release();
            throw e;
        }
    }

    @Override
    protected ServerSessionImpl doCreateSession(IoSession ioSession) throws Exception {
        LimitedSession session = new LimitedSession(getServer(), ioSession, limits);
        Object ticket = ioSession.getAttribute(Ticket.class);
        if (ticket instanceof Ticket t) {
            session.setAttribute(ConnectionLimits.TICKET, t);
        }
        return session;
    }

    /**
     * A server session that ends badly-formed unauthenticated connections at once: a packet length
     * out of range is refused as soon as it is read when the length travels in the clear (before
     * keys, and with AES-GCM or an encrypt-then-MAC MAC, where MINA's wait for more bytes hides
     * nothing: it is a counter to length oracles of CBC ciphers, which are not offered), and any
     * message but the transport's own before the first key exchange ends is a protocol error.
     *
     * <p>Its first KEXINIT waits for the client's (RFC 4253 7.1 lets either side send first; MINA's
     * server sends as soon as it has read the identification), so that the offer can leave AES-CTR
     * out for a client with AES-GCM. Strict key exchange is unchanged: the server's KEXINIT is
     * still its first packet and the client's sequence numbers are the client's. A client that
     * itself waits for the server's KEXINIT gets the whole offer after {@link #CLIENT_KEXINIT_WAIT}.
     * MINA keeps the first offer for every re-key of the connection, whoever starts it.
     */
    static final class LimitedSession extends ServerSessionImpl {

        /** How long the first KEXINIT waits for the client's before the whole offer goes out. */
        static final Duration CLIENT_KEXINIT_WAIT = Duration.ofSeconds(1);

        private static final Logger LOG = LoggerFactory.getLogger(LimitedSession.class);

        /** Where the first KEXINIT is: not asked for yet, held for the client's, or sent. */
        private enum FirstKexInit { NOT_YET, HELD, SENT }

        private final ConnectionLimits limits;
        private final AtomicReference<FirstKexInit> firstKexInit = new AtomicReference<>(FirstKexInit.NOT_YET);
        private volatile Future<?> kexInitWait;

        LimitedSession(ServerFactoryManager server, IoSession ioSession, ConnectionLimits limits) throws Exception {
            super(server, ioSession);
            this.limits = limits;
        }

        @Override
        protected void decode() throws Exception {
            boolean clearLength = inCipher == null || inCipher.getAuthenticationTagSize() > 0
                    || (inMac != null && inMac.isEncryptThenMac());
            if (decoderState == 0 && clearLength && decoderBuffer.available() >= Integer.BYTES) {
                byte[] d = decoderBuffer.array();
                int p = decoderBuffer.rpos();
                long length = ((d[p] & 0xffL) << 24) | ((d[p + 1] & 0xff) << 16) | ((d[p + 2] & 0xff) << 8)
                        | (d[p + 3] & 0xff);
                if (length < SshConstants.SSH_PACKET_HEADER_LEN || length > MAX_PACKET_LENGTH) {
                    throw new SshException(SshConstants.SSH2_DISCONNECT_PROTOCOL_ERROR, "invalid packet length "
                            + length + ", expected " + SshConstants.SSH_PACKET_HEADER_LEN + ".." + MAX_PACKET_LENGTH);
                }
            }
            super.decode();
        }

        /** The first call (MINA's, once the identification is read) holds the KEXINIT back; later ones send. */
        @Override
        protected byte[] sendKexInit() throws Exception {
            if (firstKexInit.compareAndSet(FirstKexInit.NOT_YET, FirstKexInit.HELD)) {
                kexInitWait = getFactoryManager().getScheduledExecutorService().schedule(this::sendHeldKexInitAfterWait,
                        CLIENT_KEXINIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                return null;
            }
            return super.sendKexInit();
        }

        /** The client's first KEXINIT while ours is held: read it, send ours fitted to it, then negotiate. */
        @Override
        protected void handleKexInit(Buffer buffer) throws Exception {
            if (firstKexInit.get() != FirstKexInit.HELD) {
                super.handleKexInit(buffer);
                return;
            }
            Future<?> wait = kexInitWait;
            if (wait != null) {
                wait.cancel(false);
            }
            receiveKexInit(buffer);
            sendHeldKexInit();
            doKexNegotiation();
        }

        private void sendHeldKexInit() throws Exception {
            if (firstKexInit.compareAndSet(FirstKexInit.HELD, FirstKexInit.SENT)) {
                super.sendKexInit();
            }
        }

        private void sendHeldKexInitAfterWait() {
            if (firstKexInit.get() != FirstKexInit.HELD || !isOpen() || isClosing()) {
                return;
            }
            LOG.debug("{}: no KEXINIT from the client within {}, sending the whole offer", this, CLIENT_KEXINIT_WAIT);
            try {
                sendHeldKexInit();
            } catch (Exception e) {
                exceptionCaught(e);
            }
        }

        /** MINA's proposal (made once per connection, on the first send) with the ciphers fitted to the client's. */
        @Override
        protected Map<KexProposalOption, String> createProposal(String hostKeyTypes) throws IOException {
            Map<KexProposalOption, String> ours = super.createProposal(hostKeyTypes);
            Map<KexProposalOption, String> fitted = CipherOffer.fitted(ours, getClientKexProposals());
            if (LOG.isDebugEnabled() && CipherOffer.narrowed(ours, fitted)) {
                LOG.debug("{}: the client has AES-GCM ({}); offering ciphers {}", this,
                        getClientKexProposals().get(KexProposalOption.S2CENC), fitted.get(KexProposalOption.S2CENC));
            }
            return fitted;
        }

        @Override
        protected void doHandleMessage(Buffer buffer) throws Exception {
            if (!initialKexDone) {
                int cmd = buffer.rawByte(buffer.rpos()) & 0xff;
                if (!transportMessage(cmd)) {
                    throw new SshException(SshConstants.SSH2_DISCONNECT_PROTOCOL_ERROR,
                            SshConstants.getCommandMessageName(cmd) + " before the key exchange ended");
                }
            }
            super.doHandleMessage(buffer);
        }

        /** The messages that may come before the first key exchange has ended (RFC 4253 7). */
        private static boolean transportMessage(int cmd) {
            return cmd == SshConstants.SSH_MSG_DISCONNECT || cmd == SshConstants.SSH_MSG_IGNORE
                    || cmd == SshConstants.SSH_MSG_UNIMPLEMENTED || cmd == SshConstants.SSH_MSG_DEBUG
                    || cmd == SshConstants.SSH_MSG_KEXINIT || cmd == SshConstants.SSH_MSG_NEWKEYS
                    || (cmd >= SshConstants.SSH_MSG_KEX_FIRST && cmd <= SshConstants.SSH_MSG_KEX_LAST);
        }

        @Override
        public void exceptionCaught(Throwable t) {
            boolean network = t instanceof IOException && !(t instanceof SshException);
            if ((!isAuthenticated() || network) && isOpen() && !isClosing()) {
                limits.closedOnError(this, t);
                close(true);
                return;
            }
            super.exceptionCaught(t);
        }
    }
}
