package io.subtrack.devbroker;

import io.subtrack.common.cli.Cli;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.cli.VersionProvider;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dev-broker", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Runs a real single-node Apache Kafka broker (KRaft) for the embedded pipeline.",
        "Data under --data-dir survives restarts. Ctrl-C stops it cleanly."})
public final class DevBrokerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--controller-port", defaultValue = "9093", description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--data-dir", defaultValue = "data/kafka", description = "Log directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    public static void main(String[] args) {
        Cli.main(new DevBrokerCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        DevBroker broker = new DevBroker(dataDir, port, controllerPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("dev-broker: stopping");
            broker.close();
            stopped.countDown();
        }, "dev-broker-shutdown"));
        try {
            broker.start();
        } catch (Exception e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof BindException) {
                    throw new StageFailure("port " + port + " or " + controllerPort + " is in use (is another broker running?)", e);
                }
            }
            throw new StageFailure("could not start: " + e.getMessage(), e);
        }
        System.out.println("dev-broker: READY bootstrap-server=" + broker.bootstrapServers() + " data-dir=" + broker.dataDir());
        System.out.flush();
        broker.awaitShutdown();
        stopped.await();
        return 0;
    }
}
