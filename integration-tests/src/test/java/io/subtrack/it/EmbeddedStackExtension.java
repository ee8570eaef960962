package io.subtrack.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class its embedded stack: the first parameter of type {@link EmbeddedStack} (of a
 * {@code @BeforeAll} method or a test) starts one, in a directory of its own; every later one in
 * the class gets the same; JUnit stops it, and deletes its directory, after the class's last test.
 */
final class EmbeddedStackExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmbeddedStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext classContext = context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
        return classContext.getStore(NAMESPACE)
            .getOrComputeIfAbsent(classContext.getRequiredTestClass(), c -> Started.start(), Started.class).stack;
    }

    /** A started stack and its directory; closing the store closes it. */
    private record Started(EmbeddedStack stack, Path dir) implements ExtensionContext.Store.CloseableResource {
        static Started start() {
            try {
                Path dir = Files.createTempDirectory("embedded-stack-");
                return new Started(new EmbeddedStack(dir), dir);
            } catch (Exception e) {
                throw new IllegalStateException("could not start the embedded stack: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            stack.close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
