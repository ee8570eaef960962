package io.subtrack.devdb;

import io.subtrack.common.cli.Cli;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.cli.VersionProvider;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dev-db", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Runs a real PostgreSQL 17 server for the embedded pipeline, on localhost only.",
        "Data under --data-dir survives restarts (and a SIGKILL). Ctrl-C stops it cleanly.",
        "Prints one line 'READY <jdbc url>' once it accepts connections."})
public final class DevDbCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "5432", description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = "data/pg", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--database", defaultValue = DevDb.DEFAULT_DATABASE,
        description = "Database created when absent, named in the printed URL (default: ${DEFAULT-VALUE}).")
    String database;

    public static void main(String[] args) {
        Cli.main(new DevDbCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        DevDb db = new DevDb(dataDir, port, database);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.out.println("dev-db: stopping");
            db.close();
            stopped.countDown();
        }, "dev-db-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            db.start();
        } catch (DevDb.PortInUseException | DevDb.DataDirInUseException e) {
            throw new StageFailure(e.getMessage(), e);
        } catch (Exception e) {
            throw new StageFailure("could not start PostgreSQL on " + dataDir + " (server log: " + db.logFile() + "): "
                + e.getMessage(), e);
        }
        System.out.println("READY " + db.jdbcUrl());
        System.out.println("dev-db: data-dir=" + db.dataDir() + " log=" + db.logFile()
            + " postmaster-pid=" + db.postmasterPid().map(String::valueOf).orElse("?"));
        System.out.flush();
        stopped.await();
        return 0;
    }
}
