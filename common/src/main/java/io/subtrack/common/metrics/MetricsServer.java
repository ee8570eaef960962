package io.subtrack.common.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain JDK HTTP server that answers {@code GET /metrics} with {@link PrometheusMeterRegistry#scrape()}
 * (Prometheus' text format 0.0.4), nothing else. Its threads are daemon threads, so it never keeps a
 * JVM alive, and {@link #close()} stops it at once: once closed, the port refuses connections.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    /** What {@link PrometheusMeterRegistry#scrape()} writes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService handlers;

    private MetricsServer(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /**
     * Binds {@code host:port} (host null: the loopback address; port 0: any free one) and starts serving.
     *
     * @throws IOException the address could not be bound (the port is taken, the host is not this machine's)
     */
    public static MetricsServer start(String host, int port, PrometheusMeterRegistry registry) throws IOException {
        InetSocketAddress address = host == null
            ? new InetSocketAddress(InetAddress.getLoopbackAddress(), port) : new InetSocketAddress(host, port);
        if (address.isUnresolved()) throw new IOException("unknown host " + host);
        HttpServer server = HttpServer.create(address, 0);
        int n = SERVERS.incrementAndGet();
        ExecutorService handlers = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http-" + n);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext("/metrics", exchange -> serve(exchange, registry));
        startAsDaemon(server);
        return new MetricsServer(server, handlers);
    }

    /**
     * The JDK server's dispatcher thread is not a daemon unless the thread that starts it is one (a
     * thread takes its daemon status from the thread that creates it): started from a short-lived
     * daemon thread, it cannot keep the JVM running even if {@link #close()} were never reached.
     */
    private static void startAsDaemon(HttpServer server) throws IOException {
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                server.start();
            } catch (RuntimeException e) {
                failed.set(e);
            }
        }, "metrics-http-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop(0);
            throw new IOException("interrupted while starting the metrics endpoint", e);
        }
        if (failed.get() != null) throw new IOException("could not start the metrics endpoint", failed.get());
    }

    private static void serve(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try {
                body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                log.warn("could not gather the metrics: {}", e.toString());
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The address it listens on (the port it got, when started with port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** http://host:port/metrics */
    public String url() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return "http://" + host + ":" + a.getPort() + "/metrics";
    }

    /** Stops listening at once (a scrape in progress is cut off); the port is free when this returns. */
    @Override
    public void close() {
        try {
            server.stop(0);
        } finally {
            handlers.shutdownNow();
        }
    }
}
