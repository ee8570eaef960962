package io.subtrack.common.pipeline;

/**
 * One program of the pipeline declaration ({@link PipelineStages}): a server a run starts, or a stage.
 *
 * @param name         its module, its bin/ launcher and its command's name
 * @param commandClass its command class: the main class of {@code <name>/target/<name>.jar}
 */
public record PipelineProgram(Kind kind, String name, String commandClass, Endpoint reads, Endpoint writes) {
    public enum Kind { SERVER, STAGE }

    /**
     * A new instance of the command, to run it in this JVM as its main would. The stage modules
     * depend on common, not the other way round: the class is looked up on the caller's class path.
     */
    public Object newCommand() {
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return Class.forName(commandClass, true, loader).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(name + ": cannot create its command " + commandClass
                + " (is the " + name + " module on the class path?)", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
