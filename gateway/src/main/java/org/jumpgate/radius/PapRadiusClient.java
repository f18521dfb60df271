package org.jumpgate.radius;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aaa4j.radius.client.IntervalRetransmissionStrategy;
import org.aaa4j.radius.client.RadiusClientException;
import org.aaa4j.radius.client.clients.UdpRadiusClient;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.attribute.attributes.NasIdentifier;
import org.aaa4j.radius.core.attribute.attributes.ReplyMessage;
import org.aaa4j.radius.core.attribute.attributes.State;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.attribute.attributes.UserPassword;
import org.aaa4j.radius.core.dictionary.Dictionary;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodecException;
import org.aaa4j.radius.core.packet.packets.AccessAccept;
import org.aaa4j.radius.core.packet.packets.AccessChallenge;
import org.aaa4j.radius.core.packet.packets.AccessReject;
import org.aaa4j.radius.core.packet.packets.AccessRequest;
import org.jspecify.annotations.Nullable;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.HostPort;
import org.jumpgate.common.PrintableText;
import org.jumpgate.config.RadiusConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RadiusClient} over UDP with aaa4j-radius: the library encodes the request (User-Password
 * hidden with the secret, Message-Authenticator computed), retransmits, and decodes the reply,
 * verifying its Response Authenticator and Message-Authenticator. Each call uses its own socket
 * per server (so replies cannot cross between calls) and resolves the server's name anew.
 */
final class PapRadiusClient implements RadiusClient {

    /**
     * Challenges whose answer goes first to the server that sent them; the oldest are forgotten
     * past this many (their answer then goes to the servers in order, which is still right).
     */
    static final int MAX_PENDING_CHALLENGES = 10_000;

    /** Characters of a user name put in a log line (it is the client's text). */
    static final int LOGGED_USER_CHARS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(PapRadiusClient.class);
    private static final Dictionary DICTIONARY = new StandardDictionary();

    private final List<Server> servers;
    private final SharedSecret secret;
    private final String nasIdentifier;
    private final Duration timeout;
    private final int attempts;
    private final Map<ByteBuffer, Server> challengedBy = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Server> eldest) {
            return size() > MAX_PENDING_CHALLENGES;
        }
    };
    private final AtomicBoolean closed = new AtomicBoolean();

    PapRadiusClient(RadiusConfig config, SharedSecret secret) {
        this.servers = config.servers().stream().map(Server::new).toList();
        this.secret = secret;
        this.nasIdentifier = config.nasIdentifier();
        int nasBytes = nasIdentifier.getBytes(StandardCharsets.UTF_8).length;
        if (nasBytes > MAX_ATTRIBUTE_BYTES) {
            throw new ConfigException("auth.radius.nasIdentifier: " + nasBytes + " bytes, expected at most "
                    + MAX_ATTRIBUTE_BYTES + " (a RADIUS attribute)");
        }
        this.timeout = config.timeout();
        this.attempts = 1 + config.retries();
    }

    @Override
    public Answer authenticate(String user, String password, byte @Nullable [] state) {
        if (closed.get()) {
            throw new IllegalStateException("the RADIUS client is closed");
        }
        if (state != null && state.length > MAX_ATTRIBUTE_BYTES) {
            throw new IllegalArgumentException("State of " + state.length + " bytes, at most "
                    + MAX_ATTRIBUTE_BYTES);
        }
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        byte[] answer = password.getBytes(StandardCharsets.UTF_8);
        if (name.length > MAX_ATTRIBUTE_BYTES || name.length == 0) {
            LOG.info("RADIUS: user name of {} bytes not sent, expected 1..{}", name.length, MAX_ATTRIBUTE_BYTES);
            return new Answer.Reject("");
        }
        if (answer.length > MAX_PASSWORD_BYTES) {
            LOG.info("RADIUS: answer of {} bytes for {} not sent, at most {}", answer.length,
                    PrintableText.of(user, LOGGED_USER_CHARS), MAX_PASSWORD_BYTES);
            return new Answer.Reject(ANSWER_TOO_LONG);
        }
        boolean answersChallenge = state != null && state.length > 0;
        List<Attribute<?>> attributes = new ArrayList<>();
        // first in the packet, as RFC 3579 allows and the BlastRADIUS (CVE-2024-3596) advice asks of clients
        attributes.add(new MessageAuthenticator());
        attributes.add(new UserName(new TextData(user)));
        attributes.add(new UserPassword(new StringData(answer)));
        attributes.add(new NasIdentifier(new TextData(nasIdentifier)));
        if (answersChallenge) {
            attributes.add(new State(new StringData(state.clone())));
        }
        Packet request = new AccessRequest(attributes);

        List<String> failures = new ArrayList<>();
        for (Server server : order(answersChallenge ? state : null)) {
            Outcome outcome = ask(server, request);
            if (outcome.answer() != null) {
                server.answered();
                if (outcome.answer() instanceof Answer.Challenge c && c.state().length > 0) {
                    remember(c.state(), server);
                }
                return outcome.answer();
            }
            server.failed(outcome.failure(), outcome.detail());
            failures.add(server.address + ": " + outcome.detail());
        }
        return new Answer.Unreachable(String.join("; ", failures));
    }

    /** The servers in config order, the one that sent {@code state}'s challenge first. */
    private List<Server> order(byte @Nullable [] state) {
        if (state == null) {
            return servers;
        }
        Server first;
        synchronized (challengedBy) {
            first = challengedBy.remove(ByteBuffer.wrap(state.clone()));
        }
        if (first == null) {
            return servers;
        }
        List<Server> ordered = new ArrayList<>(servers.size());
        ordered.add(first);
        servers.stream().filter(s -> s != first).forEach(ordered::add);
        return ordered;
    }

    private void remember(byte[] state, Server server) {
        synchronized (challengedBy) {
            challengedBy.put(ByteBuffer.wrap(state), server);
        }
    }

    private Outcome ask(Server server, Packet request) {
        InetSocketAddress address = new InetSocketAddress(server.address.host(), server.address.port());
        if (address.isUnresolved()) {
            return Outcome.failure(Failure.UNKNOWN_HOST, "unknown host");
        }
        UdpRadiusClient client = UdpRadiusClient.newBuilder()
                .address(address)
                .secret(secret.bytes())
                .dictionary(DICTIONARY)
                .retransmissionStrategy(new IntervalRetransmissionStrategy(attempts, timeout))
                .build();
        try {
            return Outcome.of(client.send(request));
        } catch (RadiusClientException e) {
            return failure(e);
        } finally {
            client.close();
        }
    }

    /** What went wrong, in an operator's words; the library's messages never hold the secret. */
    private Outcome failure(RadiusClientException e) {
        Throwable cause = e.getCause();
        if (cause instanceof PacketCodecException) {
            return Outcome.failure(Failure.BAD_REPLY, "reply failed verification (" + cause.getMessage()
                    + "): is the shared secret the same on both sides?");
        }
        if (cause != null) {
            return Outcome.failure(Failure.CANNOT_SEND, "cannot ask (" + cause + ")");
        }
        return Outcome.failure(Failure.NO_ANSWER, "no answer (" + attempts + (attempts == 1 ? " try" : " tries")
                + " of " + timeout.toMillis() + " ms)");
    }

    @Override
    public void close() {
        closed.set(true);
    }

    @Override
    public String toString() {
        return "RadiusClient" + servers.stream().map(s -> s.address.toString()).toList();
    }

    /** Why a server gave no answer. */
    private enum Failure { NO_ANSWER, BAD_REPLY, UNKNOWN_HOST, CANNOT_SEND }

    /** A reply made into an answer, or why there is none. */
    private record Outcome(@Nullable Answer answer, @Nullable Failure failure, String detail) {

        static Outcome failure(Failure failure, String detail) {
            return new Outcome(null, failure, detail);
        }

        static Outcome answer(Answer answer) {
            return new Outcome(answer, null, "");
        }

        static Outcome of(Packet reply) {
            String text = ReplyMessages.join(reply.getAttributes(ReplyMessage.class).stream()
                    .map(a -> a.getData().getValue()).toList());
            if (reply instanceof AccessAccept) {
                return answer(new Answer.Accept(text));
            }
            if (reply instanceof AccessReject) {
                return answer(new Answer.Reject(text));
            }
            if (reply instanceof AccessChallenge) {
                byte[] state = reply.getAttribute(State.class).map(s -> s.getData().getValue()).orElse(new byte[0]);
                if (state.length > MAX_ATTRIBUTE_BYTES) {
                    return failure(Failure.BAD_REPLY, "Access-Challenge with a State of " + state.length + " bytes");
                }
                return answer(new Answer.Challenge(text, state));
            }
            return failure(Failure.BAD_REPLY, "reply of code " + reply.getCode()
                    + ", not an answer to an Access-Request");
        }
    }

    /**
     * One server of {@code auth.radius.servers} and whether its last call failed, so that a
     * failing server is logged once when it starts failing (and again if it fails another way),
     * and once when it answers again, not at every user's attempt.
     */
    private static final class Server {
        final HostPort address;
        private @Nullable Failure failing;

        Server(HostPort address) {
            this.address = address;
        }

        synchronized void failed(@Nullable Failure failure, String detail) {
            if (failure != failing) {
                LOG.warn("RADIUS server {}: {}", address, detail);
            } else {
                LOG.debug("RADIUS server {}: {}", address, detail);
            }
            failing = failure;
        }

        synchronized void answered() {
            if (failing != null) {
                LOG.info("RADIUS server {} answers again", address);
                failing = null;
            }
        }
    }
}
