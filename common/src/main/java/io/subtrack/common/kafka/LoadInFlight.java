package io.subtrack.common.kafka;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A loader's thread, running one load at a time while the consumer's thread decodes the next batch:
 * our work and the database server's overlap on two cores. A load's failure (after its own
 * retries) is thrown by the next {@link #await}, so nothing the caller does next builds on it.
 */
public final class LoadInFlight implements AutoCloseable {
    private final ExecutorService thread;
    private Future<?> current;

    public LoadInFlight(String threadName) {
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits for the load in flight, if any; its failure is this call's failure. */
    public void await() throws Exception {
        if (current == null) return;
        Future<?> f = current;
        current = null;
        try {
            f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }

    /** Waits for the load in flight, then starts {@code load} on the loader's thread. */
    public void start(Callable<?> load) throws Exception {
        await();
        current = thread.submit(load);
    }

    /** Waits for the load in flight, then stops the thread. */
    @Override
    public void close() throws Exception {
        try {
            await();
        } finally {
            thread.shutdownNow();
        }
    }
}
