package org.jumpgate.cpujobs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.jumpgate.backend.BackendLink;
import org.jumpgate.common.Exceptions;
import org.jumpgate.common.PrintableText;
import org.jumpgate.jobs.Hostlist;

/**
 * {@link Slurm#overLinks}: each command is an exec channel on the user's backend link (the login
 * node's shell runs it as the user, with the login node's Slurm config).
 */
final class LinkSlurm implements Slurm {

    /** How long one command may take, link made, before it counts as failed. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** What is kept of one command's stdout or stderr. */
    static final int MAX_OUTPUT = 64 * 1024;
    /** The longest line of sbatch's shown to a user. */
    static final int MAX_LINE = 300;
    /** The job the gateway submits: it holds the allocation until cancelled or out of time. */
    static final String SCRIPT = "sleep infinity";

    private final Function<Requester, CompletableFuture<BackendLink>> links;

    LinkSlurm(Function<Requester, CompletableFuture<BackendLink>> links) {
        this.links = links;
    }

    @Override
    public Session open(Requester who) throws IOException {
        BackendLink link;
        try {
            link = links.apply(who).get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(Exceptions.describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no login node within " + COMMAND_TIMEOUT.toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return new LinkSession(link);
    }

    /** A command's result. */
    record Result(int status, String out, String err) {
    }

    private static final class LinkSession implements Session {
        private final BackendLink link;

        LinkSession(BackendLink link) {
            this.link = link;
        }

        @Override
        public List<QueuedJob> jobs(String jobName) throws IOException {
            Result r = run("squeue --me --noheader --name=" + quote(jobName)
                    + " --states=PENDING,CONFIGURING,RUNNING,REQUEUED,RESIZING --format='%i|%T|%r|%N'");
            if (r.status() != 0) {
                throw new IOException("squeue failed: " + lastLine(r.err()));
            }
            List<QueuedJob> jobs = new ArrayList<>();
            for (String line : r.out().split("\n")) {
                String[] f = line.strip().split("\\|", -1);
                if (f.length != 4 || f[0].isEmpty()) {
                    continue;
                }
                String node = "";
                if (!f[3].isBlank() && !f[3].startsWith("(")) {
                    List<String> nodes = Hostlist.expand(f[3].strip());
                    node = nodes.isEmpty() ? "" : nodes.get(0).toLowerCase(Locale.ROOT);
                }
                jobs.add(new QueuedJob(f[0], f[1], f[2], node));
            }
            return jobs;
        }

        @Override
        public String submit(String jobName, List<String> flags) throws IOException, CpuJobRefused {
            StringBuilder cmd = new StringBuilder("sbatch --parsable --job-name=").append(quote(jobName))
                    .append(" --output=/dev/null");
            for (String f : flags) {
                cmd.append(' ').append(quote(f));
            }
            cmd.append(" --wrap=").append(quote(SCRIPT));
            Result r = run(cmd.toString());
            String id = r.out().strip().split("[;\\s]", 2)[0];
            if (r.status() != 0 || !id.matches("[0-9]+")) {
                throw new CpuJobRefused("jumpgate: Slurm refused your CPU job: " + lastLine(r.err()));
            }
            return id;
        }

        @Override
        public void cancel(String jobId) throws IOException {
            Result r = run("scancel " + quote(jobId));
            if (r.status() != 0) {
                throw new IOException("scancel " + jobId + " failed: " + lastLine(r.err()));
            }
        }

        private Result run(String command) throws IOException {
            ByteArrayOutputStream out = new Bounded();
            ByteArrayOutputStream err = new Bounded();
            try (ChannelExec exec = link.session().createExecChannel(command)) {
                exec.setOut(out);
                exec.setErr(err);
                exec.setRedirectErrorStream(false);
                exec.open().verify(COMMAND_TIMEOUT);
                var events = exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), COMMAND_TIMEOUT);
                if (!events.contains(ClientChannelEvent.CLOSED)) {
                    throw new IOException("'" + command.split(" ", 2)[0] + "' did not finish within "
                            + COMMAND_TIMEOUT.toSeconds() + "s on " + link.backend().name());
                }
                Integer status = exec.getExitStatus();
                return new Result(status == null ? -1 : status, out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void close() {
            link.close();
        }
    }

    /** A shell word: {@code 'text'}, quotes inside escaped. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The last non-empty line of {@code text}, printable and bounded (what a user is shown). */
    static String lastLine(String text) {
        String last = "";
        for (String l : text.split("\n")) {
            if (!l.isBlank()) {
                last = l.strip();
            }
        }
        return last.isEmpty() ? "(no message)" : PrintableText.of(last, MAX_LINE);
    }

    /** Keeps the first {@link #MAX_OUTPUT} bytes. */
    private static final class Bounded extends ByteArrayOutputStream {
        @Override
        public synchronized void write(int b) {
            if (count < MAX_OUTPUT) {
                super.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, Math.max(0, Math.min(len, MAX_OUTPUT - count)));
        }
    }
}
