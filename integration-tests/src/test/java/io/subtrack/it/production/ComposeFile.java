package io.subtrack.it.production;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** docker-compose.yml of the repository: the one place the production images are pinned. */
final class ComposeFile {
    private ComposeFile() {}

    /** The repository root: the nearest directory up from the working directory that holds docker-compose.yml. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docker-compose.yml"))) return p;
        }
        throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }

    static Path path() {
        return repositoryRoot().resolve("docker-compose.yml");
    }

    static JsonNode read() {
        try {
            return new YAMLMapper().readTree(path().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path(), e);
        }
    }

    static JsonNode service(String name) {
        JsonNode s = read().path("services").path(name);
        if (s.isMissingNode()) throw new IllegalStateException(path() + " has no service " + name);
        return s;
    }

    /** The pinned image of a compose service, which the Testcontainers tests start too. */
    static String image(String service) {
        return service(service).path("image").asText();
    }
}
