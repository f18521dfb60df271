package org.jumpgate.it.interop;

import static org.awaitility.Awaitility.await;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.ChannelDirectTCPIP;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Logger;
import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SocketFactory;
import com.jcraft.jsch.UIKeyboardInteractive;
import com.jcraft.jsch.UserInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TempDirs;
import org.jumpgate.it.gateway.EchoServer;

/**
 * JSch ({@code com.github.mwiede:jsch}), in this JVM: the user's OpenSSH key as identity, the
 * gateway's host keys in a known_hosts file with {@code StrictHostKeyChecking yes},
 * {@code PreferredAuthentications publickey,keyboard-interactive} and a {@link UIKeyboardInteractive}
 * that answers the code. The jump is a second session whose {@link Proxy} is a
 * {@code direct-tcpip} channel of the first (JSch's way to ProxyJump); the forward is
 * {@code setPortForwardingL}. Every cell runs with a deadline: past it the sessions are
 * disconnected (which ends any blocked read) and the cell fails with JSch's log.
 */
final class JschClient implements InteropClient {

    static final int TIMEOUT_MS = 30_000;
    static final Duration CELL = Duration.ofSeconds(60);

    private final InteropCluster cluster;
    private final Path dir;
    private final JSch jsch = new JSch();
    private final StringBuffer log = new StringBuffer();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jsch-cell");
        t.setDaemon(true);
        return t;
    });
    private final List<Session> open = new java.util.concurrent.CopyOnWriteArrayList<>();

    JschClient(InteropCluster cluster) {
        this.cluster = cluster;
        dir = TempDirs.create("jsch");
        try {
            Path knownHosts = dir.resolve("known_hosts");
            List<String> known = new ArrayList<>(cluster.gatewayKnownHosts());
            known.addAll(cluster.computeKnownHosts());
            TempDirs.write(knownHosts, String.join("\n", known) + "\n", "rw-------");
            jsch.setKnownHosts(knownHosts.toString());
            jsch.addIdentity(cluster.user().privateKey().toString());
            jsch.setInstanceLogger(new Logger() {
                @Override
                public boolean isEnabled(int level) {
                    return level >= Logger.INFO;
                }

                @Override
                public void log(int level, String message) {
                    log.append(message).append('\n');
                }
            });
        } catch (JSchException e) {
            close();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return "JSch " + JSch.VERSION;
    }

    @Override
    public Result exec(Supplier<String> codes, String command) {
        return bounded(() -> run(login(codes.get()), command));
    }

    @Override
    public List<String> ptySizes(Supplier<String> codes) {
        return bounded(() -> {
            Session s = login(codes.get());
            ChannelExec ch = (ChannelExec) s.openChannel("exec");
            ch.setPty(true);
            ch.setPtyType("xterm", PtyResize.COLUMNS, PtyResize.ROWS, 0, 0);
            ch.setCommand("stty size; read line; stty size");
            InputStream in = ch.getInputStream();
            OutputStream out = ch.getOutputStream();
            ch.connect(TIMEOUT_MS);
            String first = readLine(in);
            ch.setPtySize(PtyResize.NEW_COLUMNS, PtyResize.NEW_ROWS, 0, 0);
            out.write('\n');
            out.flush();
            String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            awaitClosed(ch);
            return InteropCluster.lines(first + "\n" + rest);
        });
    }

    @Override
    public void roundTrip(Supplier<String> codes, Path local, String remote, Path download) {
        bounded(() -> {
            Session s = login(codes.get());
            ChannelSftp sftp = (ChannelSftp) s.openChannel("sftp");
            sftp.connect(TIMEOUT_MS);
            sftp.put(local.toString(), remote);
            sftp.get(remote, download.toString());
            sftp.rm(remote);
            sftp.disconnect();
            return null;
        });
    }

    @Override
    public Result jump(Supplier<String> codes, String node, String command) {
        return bounded(() -> {
            Session gateway = login(codes.get());
            Session target = jsch.getSession(cluster.user().name(), node, 22);
            open.add(target);
            target.setConfig("StrictHostKeyChecking", "yes");
            target.setConfig("PreferredAuthentications", "publickey");
            target.setProxy(new DirectTcpipProxy(gateway));
            target.setTimeout(TIMEOUT_MS);
            target.connect(TIMEOUT_MS);
            return run(target, command);
        });
    }

    @Override
    public String forward(Supplier<String> codes, int port, String text) {
        return bounded(() -> {
            Session s = login(codes.get());
            int local = s.setPortForwardingL("127.0.0.1", 0, "localhost", port);
            return EchoServer.roundTrip(local, text);
        });
    }

    @Override
    public void close() {
        disconnectAll();
        threads.shutdownNow();
        TempDirs.delete(dir);
    }

    private Session login(String code) throws JSchException {
        Session s = jsch.getSession(cluster.user().name(), "127.0.0.1", cluster.gatewayPort());
        open.add(s);
        s.setConfig("StrictHostKeyChecking", "yes");
        s.setConfig("PreferredAuthentications", "publickey,keyboard-interactive");
        s.setUserInfo(new CodeAnswer(code));
        s.setTimeout(TIMEOUT_MS);
        s.connect(TIMEOUT_MS);
        return s;
    }

    private Result run(Session s, String command) throws JSchException, IOException {
        ChannelExec ch = (ChannelExec) s.openChannel("exec");
        ch.setCommand(command);
        ch.setInputStream(null);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ch.setErrStream(err);
        InputStream in = ch.getInputStream();
        ch.connect(TIMEOUT_MS);
        byte[] out = in.readAllBytes();
        awaitClosed(ch);
        return new Result(ch.getExitStatus(), new String(out, StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8), List.of());
    }

    private static void awaitClosed(Channel ch) {
        await("JSch channel closed").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(ch::isClosed);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            b.append((char) c);
        }
        return b.toString();
    }

    /** Runs a cell with a deadline; the sessions it opened are disconnected at the end either way. */
    private <T> T bounded(Callable<T> body) {
        log.setLength(0);
        Future<T> f = threads.submit(body);
        try {
            return f.get(CELL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("JSch cell did not finish within " + CELL + "\n--- JSch log ---\n" + log, e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause() + "\n--- JSch log ---\n" + log, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            disconnectAll();
        }
    }

    private void disconnectAll() {
        for (Session s : open) {
            s.disconnect();
            open.remove(s);
        }
    }

    /** Answers the one keyboard-interactive prompt with the code; no password, no passphrase, no new host keys. */
    private static final class CodeAnswer implements UserInfo, UIKeyboardInteractive {
        private final String code;

        CodeAnswer(String code) {
            this.code = code;
        }

        @Override
        public String[] promptKeyboardInteractive(String destination, String name, String instruction,
                                                  String[] prompt, boolean[] echo) {
            String[] answers = new String[prompt.length];
            java.util.Arrays.fill(answers, code);
            return answers;
        }

        @Override
        public String getPassphrase() {
            return null;
        }

        @Override
        public String getPassword() {
            return null;
        }

        @Override
        public boolean promptPassword(String message) {
            return false;
        }

        @Override
        public boolean promptPassphrase(String message) {
            return false;
        }

        @Override
        public boolean promptYesNo(String message) {
            return false; // an unknown host key is refused, as StrictHostKeyChecking yes does
        }

        @Override
        public void showMessage(String message) {
            // banners: nothing to show
        }
    }

    /** A {@code direct-tcpip} channel of the gateway session as the transport of another session: a jump. */
    private static final class DirectTcpipProxy implements Proxy {
        private final Session gateway;
        private ChannelDirectTCPIP channel;
        private InputStream in;
        private OutputStream out;

        DirectTcpipProxy(Session gateway) {
            this.gateway = gateway;
        }

        @Override
        public void connect(SocketFactory socketFactory, String host, int port, int timeout) throws Exception {
            channel = (ChannelDirectTCPIP) gateway.openChannel("direct-tcpip");
            channel.setHost(host);
            channel.setPort(port);
            in = channel.getInputStream();
            out = channel.getOutputStream();
            channel.connect(timeout);
        }

        @Override
        public InputStream getInputStream() {
            return in;
        }

        @Override
        public OutputStream getOutputStream() {
            return out;
        }

        @Override
        public Socket getSocket() {
            return null;
        }

        @Override
        public void close() {
            if (channel != null) {
                channel.disconnect();
            }
        }
    }
}
