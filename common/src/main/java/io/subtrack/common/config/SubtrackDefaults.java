package io.subtrack.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option values not given as flags come from the environment, then from a properties file, then
 * from the option's own default. For an option {@code --jdbc-url} of program {@code consumer-raw}:
 * <ol>
 *   <li>environment {@code SUBTRACK_CONSUMER_RAW_JDBC_URL}, then {@code SUBTRACK_JDBC_URL};</li>
 *   <li>properties file key {@code consumer-raw.jdbc-url}, then {@code jdbc-url}. The file is
 *       {@code $SUBTRACK_CONFIG}, else {@code ./subtrack.properties} when it exists.</li>
 * </ol>
 * The program-qualified name lets one file hold a raw and a processed database URL.
 */
public final class SubtrackDefaults implements CommandLine.IDefaultValueProvider {
    private final CommandLine root;
    private final Map<String, String> env;
    private Properties properties;

    public SubtrackDefaults(CommandLine root) {
        this(root, System.getenv());
    }

    public SubtrackDefaults(CommandLine root, Map<String, String> env) {
        this.root = root;
        this.env = env;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option)) return null;
        String key = option.longestName().replaceFirst("^-+", "");
        String program = root.getCommandName();
        String v = env.get(envName(program + "_" + key));
        if (v == null) v = env.get(envName(key));
        if (v != null) return v;
        Properties p = properties();
        v = p.getProperty(program + "." + key);
        if (v == null) v = p.getProperty(key);
        return v != null ? v : option.defaultValue();
    }

    public static String envName(String key) {
        return "SUBTRACK_" + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    private Properties properties() {
        if (properties == null) {
            properties = new Properties();
            String file = env.get("SUBTRACK_CONFIG");
            Path path = Path.of(file != null ? file : "subtrack.properties");
            if (Files.isRegularFile(path)) {
                try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                    properties.load(r);
                } catch (IOException e) {
                    throw new CommandLine.ParameterException(root, "cannot read properties file " + path + ": " + e.getMessage());
                }
            } else if (file != null) {
                throw new CommandLine.ParameterException(root, "SUBTRACK_CONFIG names " + path + ", which does not exist");
            }
        }
        return properties;
    }
}
