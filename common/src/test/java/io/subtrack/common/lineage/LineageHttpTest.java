package io.subtrack.common.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** --lineage-url: real HTTP to a server on the loopback address that records what it receives. */
class LineageHttpTest {
    record Received(String method, String path, String contentType, String body) {}

    HttpServer server;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final AtomicInteger status = new AtomicInteger(200);
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            int code = status.get();
            byte[] body = code < 300 ? new byte[0] : "{\"error\":\"down for maintenance\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
            if (body.length > 0) exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    LineageOptions toUrl(String url) {
        LineageOptions o = LineageOptions.toUrl(url);
        o.warnings = new PrintStream(err, true, StandardCharsets.UTF_8);
        o.timeoutMillis = 5000;
        return o;
    }

    Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "the server received no event within 10 s");
        return r;
    }

    @Test
    void eventsArePostedToTheOpenLineageEndpoint() throws Exception {
        String runId = UUID.randomUUID().toString();
        DatasetRef topic = Datasets.kafkaTopic("127.0.0.1:9092", "subtrack.processed");
        DatasetRef table = Datasets.jdbcTable("jdbc:postgresql://127.0.0.1:5432/subtrack?user=postgres&password=pw", "subscriptions");
        LineageRun run = LineageRun.start(toUrl(baseUrl()), "consumer-processed", runId, List.of(topic), List.of(table));
        run.complete(Map.of(table, 42L));

        Received start = next();
        Received complete = next();
        for (Received r : List.of(start, complete)) {
            assertEquals("POST", r.method());
            assertEquals("/api/v1/lineage", r.path(), "Marquez's endpoint when the URL has no path");
            assertTrue(r.contentType().startsWith("application/json"), r.contentType());
            assertTrue(!r.body().contains("pw"), "no password in an event");
        }
        JsonNode s = LineageEventsTest.JSON.readTree(start.body());
        JsonNode c = LineageEventsTest.JSON.readTree(complete.body());
        LineageEventsTest.assertRunEvent(s, "START", "consumer-processed");
        LineageEventsTest.assertRunEvent(c, "COMPLETE", "consumer-processed");
        assertEquals(runId, s.path("run").path("runId").asText());
        assertEquals(runId, c.path("run").path("runId").asText());
        assertEquals("kafka://127.0.0.1:9092", c.path("inputs").get(0).path("namespace").asText());
        assertEquals("postgres://127.0.0.1:5432", c.path("outputs").get(0).path("namespace").asText());
        assertEquals("subtrack.public.subscriptions", c.path("outputs").get(0).path("name").asText());
        assertEquals(42, c.path("outputs").get(0).path("outputFacets").path("outputStatistics").path("rowCount").asLong());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aUrlWithAPathIsPostedToAsItIs() throws Exception {
        LineageRun run = LineageRun.start(toUrl(baseUrl() + "/custom/lineage"), "generator", null, List.of(), List.of());
        run.fail("generator stopped");
        assertEquals("/custom/lineage", next().path());
        Received fail = next();
        JsonNode f = LineageEventsTest.JSON.readTree(fail.body());
        LineageEventsTest.assertRunEvent(f, "FAIL", "generator");
        assertEquals("generator stopped", f.path("run").path("facets").path("errorMessage").path("message").asText());
    }

    @Test
    void anErrorStatusGivesOneWarningLineAndTheStageCarriesOn() throws Exception {
        status.set(503);
        LineageRun run = LineageRun.start(toUrl(baseUrl()), "transformer", null, List.of(), List.of());
        run.complete(Map.of());
        next();
        next(); // both were tried
        String warnings = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, warnings.lines().count(), warnings);
        assertTrue(warnings.contains("cannot emit the START event of transformer run " + run.runId()), warnings);
        assertTrue(warnings.contains("503"), warnings);
    }

    @Test
    void anUnreachableUrlGivesOneWarningLineAndNoException() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        } // closed: nothing listens there now
        LineageOptions o = toUrl("http://127.0.0.1:" + closedPort);
        long t0 = System.nanoTime();
        LineageRun run = LineageRun.start(o, "producer-raw", UUID.randomUUID().toString(), List.of(), List.of());
        run.complete(Map.of());
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        String warnings = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, warnings.lines().count(), warnings);
        assertTrue(warnings.startsWith("lineage: warning: cannot emit the START event of producer-raw run " + run.runId()
            + " to http://127.0.0.1:" + closedPort), warnings);
        assertTrue(run.ended());
        assertTrue(ms < 30_000, "a refused connection is not retried for long: " + ms + " ms");
    }

    @Test
    void aMalformedUrlGivesOneWarningLineAndNoException() {
        LineageRun run = LineageRun.start(toUrl("http://[not a url"), "producer-raw", null, List.of(), List.of());
        run.fail(new RuntimeException("x"));
        String warnings = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, warnings.lines().count(), warnings);
        assertTrue(warnings.startsWith("lineage: warning: cannot emit the START event"), warnings);
    }
}
