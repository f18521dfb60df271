package org.jumpgate.loadgen.node;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.AsyncCommand;

/**
 * The echo node's shell and commands, with no process behind them: a shell (pty or not) echoes
 * every byte back until EOF; {@code true} exits 0; {@code cat > /dev/null} swallows its input and
 * exits 0 at EOF; {@code echo X} prints X; anything else prints an error and exits 127.
 * Asynchronous streams: a session costs no thread; the next read waits for the echo's write, so
 * the SSH window is the backpressure.
 */
final class EchoShell implements AsyncCommand {

    enum Mode { ECHO, TRUE, SWALLOW, PRINT, UNKNOWN }

    static final int BUFFER = 32 * 1024;
    static final int UNKNOWN_EXIT = 127;

    private final Mode mode;
    private final String text;
    private IoInputStream in;
    private IoOutputStream out;
    private IoOutputStream err;
    private ExitCallback exit;
    private final AtomicBoolean exited = new AtomicBoolean();

    private EchoShell(Mode mode, String text) {
        this.mode = mode;
        this.text = text;
    }

    static EchoShell shell() {
        return new EchoShell(Mode.ECHO, null);
    }

    static EchoShell command(String command) {
        String c = command.trim();
        if (c.equals("true")) {
            return new EchoShell(Mode.TRUE, null);
        }
        if (c.matches("cat\\s*>\\s*/dev/null")) {
            return new EchoShell(Mode.SWALLOW, null);
        }
        if (c.equals("echo") || c.startsWith("echo ")) {
            return new EchoShell(Mode.PRINT, c.substring("echo".length()).trim() + "\n");
        }
        return new EchoShell(Mode.UNKNOWN, "echo-node: " + c + ": not supported (true, cat > /dev/null, echo X)\n");
    }

    Mode mode() {
        return mode;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        switch (mode) {
            case TRUE -> exit(0);
            case PRINT -> write(out, text, 0);
            case UNKNOWN -> write(err, text, UNKNOWN_EXIT);
            case ECHO, SWALLOW -> read();
        }
    }

    private void write(IoOutputStream to, String s, int status) throws IOException {
        to.writeBuffer(new ByteArrayBuffer(s.getBytes(StandardCharsets.UTF_8))).addListener(f -> exit(status));
    }

    private void read() {
        ByteArrayBuffer buf = new ByteArrayBuffer(BUFFER);
        in.read(buf).addListener(f -> {
            Throwable e = f.getException();
            if (e != null || f.getRead() < 0) {
                exit(e == null || e instanceof EOFException ? 0 : 1);
                return;
            }
            if (mode == Mode.SWALLOW) {
                read();
                return;
            }
            byte[] copy = new byte[buf.available()];
            buf.getRawBytes(copy);
            try {
                out.writeBuffer(new ByteArrayBuffer(copy)).addListener(w -> {
                    if (w.isWritten()) {
                        read();
                    } else {
                        exit(1);
                    }
                });
            } catch (IOException ex) {
                exit(1);
            }
        });
    }

    private void exit(int status) {
        if (exited.compareAndSet(false, true) && exit != null) {
            exit.onExit(status);
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        exited.set(true);
    }

    @Override
    public void setIoInputStream(IoInputStream in) {
        this.in = in;
    }

    @Override
    public void setIoOutputStream(IoOutputStream out) {
        this.out = out;
    }

    @Override
    public void setIoErrorStream(IoOutputStream err) {
        this.err = err;
    }

    @Override
    public void setInputStream(InputStream in) {
        // asynchronous streams only
    }

    @Override
    public void setOutputStream(OutputStream out) {
        // asynchronous streams only
    }

    @Override
    public void setErrorStream(OutputStream err) {
        // asynchronous streams only
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }
}
