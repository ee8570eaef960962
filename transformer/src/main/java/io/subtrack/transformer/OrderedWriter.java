package io.subtrack.transformer;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs output work (JSON serialisation, about a fifth of the transformer's CPU) on a second thread,
 * strictly in the order it was submitted, so the files are byte for byte what a single thread writes.
 * Work goes over in batches (one queue hand-over per few hundred records) through a short bounded
 * queue (a few thousand records in flight at most). {@link #finish} waits for all of it and rethrows
 * the first failure; after it the caller may touch what the work touched.
 */
final class OrderedWriter implements AutoCloseable {
    interface Work {
        void run() throws Exception;
    }

    private static final int BATCH = 256;
    private static final Work[] END = new Work[0];

    private final BlockingQueue<Work[]> queue = new ArrayBlockingQueue<>(16);
    private final Thread thread;
    private Work[] batch = new Work[BATCH];
    private int size;
    private volatile Throwable failure;
    private boolean finished;

    OrderedWriter(String name) {
        thread = new Thread(this::drain, name);
        thread.setDaemon(true);
        thread.start();
    }

    void submit(Work w) throws Exception {
        batch[size++] = w;
        if (size == BATCH) handOver();
    }

    private void handOver() throws Exception {
        rethrow();
        Work[] full = batch;
        if (size < full.length) full = java.util.Arrays.copyOf(full, size);
        batch = new Work[BATCH];
        size = 0;
        queue.put(full);
    }

    private void drain() {
        try {
            while (true) {
                Work[] b = queue.take();
                if (b == END) return;
                if (failure != null) continue; // keep taking, so the submitter never blocks on a full queue
                for (Work w : b) {
                    try {
                        w.run();
                    } catch (Throwable t) {
                        failure = t;
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrow() throws Exception {
        Throwable t = failure;
        if (t instanceof Exception e) throw e;
        if (t instanceof Error e) throw e;
    }

    /** Waits until everything submitted has run; rethrows the first failure. */
    void finish() throws Exception {
        if (finished) return;
        if (size > 0) handOver();
        finished = true;
        queue.put(END);
        thread.join();
        rethrow();
    }

    /** Stops the thread after what was submitted so far (on an error path: outputs are then discarded). */
    @Override
    public void close() throws Exception {
        if (finished) return;
        finished = true;
        failure = failure == null ? new IllegalStateException("closed before finish") : failure;
        queue.clear();
        queue.put(END);
        thread.join();
    }
}
