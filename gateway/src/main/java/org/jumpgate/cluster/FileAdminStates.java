package org.jumpgate.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jumpgate.keys.KeyFiles;

/** {@link AdminStates} of one gateway: a JSON list of drained login nodes in {@code dataDir}, rewritten atomically. */
final class FileAdminStates implements AdminStates {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Set<String> drained = new TreeSet<>();
    private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();

    private FileAdminStates(Path file) {
        this.file = file;
    }

    static FileAdminStates load(Path file) throws IOException {
        FileAdminStates s = new FileAdminStates(file);
        if (Files.exists(file)) {
            try {
                s.drained.addAll(JSON.readValue(file.toFile(), new TypeReference<List<String>>() {
                }));
            } catch (IOException e) {
                throw new IOException(file + ": not a list of drained login nodes (" + e.getMessage() + ")", e);
            }
        }
        return s;
    }

    @Override
    public void setDrained(String backend, boolean drain) throws IOException {
        Set<String> now;
        synchronized (this) {
            if (!(drain ? drained.add(backend) : drained.remove(backend))) {
                return;
            }
            KeyFiles.writeSecret(file, JSON.writeValueAsString(drained));
            now = Set.copyOf(drained);
        }
        listeners.forEach(l -> l.accept(now));
    }

    @Override
    public synchronized Set<String> drained() {
        return Set.copyOf(drained);
    }

    @Override
    public void onChange(Consumer<Set<String>> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
