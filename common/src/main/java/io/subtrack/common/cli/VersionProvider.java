package io.subtrack.common.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into the jar manifest; falls back to "dev" when run from classes. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"SubTrack pipeline " + (v == null ? "dev" : v),
            "Java " + System.getProperty("java.version")};
    }
}
