package org.jumpgate.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * What a {@link TestLoginNode} runs for an exec request: steps separated by {@code ;}, each a
 * word and its arguments, implemented here in Java (no shell, no OS program):
 *
 * <ul>
 *   <li>{@code echo WORDS} prints the words and a newline on stdout; {@code err WORDS} on stderr;
 *   <li>{@code cat} copies stdin to stdout until the client's EOF;
 *   <li>{@code env NAME...} prints {@code NAME=value} for each variable set (nothing for others);
 *   <li>{@code sleep SECONDS} waits, or ends early when the channel closes;
 *   <li>{@code exit N} exits with status N (after the last step: status 0);
 *   <li>{@code kill SIGNAL} ends as killed by SIGNAL (e.g. {@code KILL}): an exit-signal, no status;
 *   <li>{@code eof} sends EOF now, though the command has not exited;
 *   <li>{@code await GATE} waits until the test opens {@link TestLoginNode#open(String) gate} GATE
 *       (at most {@link #GATE_LIMIT}; then exit 124);
 *   <li>{@code write NAME BYTES} writes BYTES pseudo-random bytes (seeded: the same every time) on
 *       stdout in blocking writes, its progress in {@link TestLoginNode#bulkWrite(String)}.
 * </ul>
 * Anything else prints {@code node: unknown command WORD} on stderr and exits 127.
 */
public final class NodeCommand implements Command {

    /** Longest wait of {@code await}. */
    public static final Duration GATE_LIMIT = Duration.ofSeconds(30);
    /** The seed of {@code write}'s bytes. */
    public static final long WRITE_SEED = 42;
    private static final int CHUNK = 64 * 1024;

    private final String line;
    private final TestLoginNode node;
    private final CompletableFuture<Void> destroyed = new CompletableFuture<>();
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Future<?> running;

    NodeCommand(String line, TestLoginNode node) {
        this.line = line;
        this.node = node;
    }

    /** The progress of one {@code write}: bytes written so far, and the digest once all are. */
    public static final class BulkWrite {
        private final long total;
        private final long initialWindow;
        private final long packetSize;
        private final AtomicLong written = new AtomicLong();
        private final CompletableFuture<byte[]> sha256 = new CompletableFuture<>();

        BulkWrite(long total, long initialWindow, long packetSize) {
            this.total = total;
            this.initialWindow = initialWindow;
            this.packetSize = packetSize;
        }

        public long total() {
            return total;
        }

        /** Bytes whose blocking write has returned: sent, or (at most a packet) in the stream's buffer. */
        public long written() {
            return written.get();
        }

        /** The window the gateway gave this channel when it opened it: what the node may send unread. */
        public long initialWindow() {
            return initialWindow;
        }

        /** The largest packet the gateway accepts on this channel. */
        public long packetSize() {
            return packetSize;
        }

        /** SHA-256 of all bytes, once written; failed if the write failed. */
        public CompletableFuture<byte[]> sha256() {
            return sha256;
        }
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        running = node.commands().submit(() -> run((NodeChannel) channel, env));
    }

    @Override
    public void destroy(ChannelSession channel) {
        destroyed.complete(null);
        Future<?> f = running;
        if (f != null) {
            f.cancel(true);
        }
    }

    private void run(NodeChannel channel, Environment env) {
        try {
            for (String step : line.split(";")) {
                String[] w = step.trim().split("\\s+");
                String[] args = Arrays.copyOfRange(w, 1, w.length);
                switch (w[0]) {
                    case "" -> { }
                    case "echo" -> print(out, String.join(" ", args));
                    case "err" -> print(err, String.join(" ", args));
                    case "cat" -> {
                        in.transferTo(out);
                        out.flush();
                    }
                    case "env" -> {
                        for (String name : args) {
                            String value = env.getEnv().get(name);
                            if (value != null) {
                                print(out, name + "=" + value);
                            }
                        }
                    }
                    case "sleep" -> {
                        try {
                            destroyed.get(Long.parseLong(args[0]), TimeUnit.SECONDS);
                            return; // the channel is gone: nobody to tell
                        } catch (TimeoutException e) {
                            // slept
                        }
                    }
                    case "exit" -> {
                        exit(Integer.parseInt(args[0]));
                        return;
                    }
                    case "kill" -> {
                        channel.exitSignal(args[0]);
                        return;
                    }
                    case "eof" -> channel.eofNow();
                    case "await" -> {
                        try {
                            node.gate(args[0]).get(GATE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (TimeoutException e) {
                            exit(124);
                            return;
                        }
                    }
                    case "write" -> write(channel, args[0], Long.parseLong(args[1]));
                    default -> {
                        print(err, "node: unknown command " + w[0]);
                        exit(127);
                        return;
                    }
                }
            }
            exit(0);
        } catch (InterruptedException | InterruptedIOException e) {
            // destroyed while waiting or writing
        } catch (IOException | ExecutionException | RuntimeException e) {
            if (!destroyed.isDone()) {
                try {
                    print(err, "node: " + e);
                } catch (IOException ignored) {
                    // the channel is gone
                }
                exit(1);
            }
        }
    }

    private void exit(int status) {
        exit.onExit(status);
    }

    private static void print(OutputStream stream, String text) throws IOException {
        stream.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        stream.flush();
    }

    private void write(NodeChannel channel, String name, long total) throws IOException {
        BulkWrite progress = new BulkWrite(total, channel.getRemoteWindow().getMaxSize(),
                channel.getRemoteWindow().getPacketSize());
        node.register(name, progress);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            SplittableRandom random = new SplittableRandom(WRITE_SEED);
            byte[] chunk = new byte[CHUNK];
            long left = total;
            while (left > 0) {
                int n = (int) Math.min(chunk.length, left);
                random.nextBytes(chunk);
                digest.update(chunk, 0, n);
                out.write(chunk, 0, n);
                progress.written.addAndGet(n);
                left -= n;
            }
            out.flush();
            progress.sha256.complete(digest.digest());
        } catch (IOException | RuntimeException | NoSuchAlgorithmException e) {
            progress.sha256.completeExceptionally(e);
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException(e);
        }
    }
}
