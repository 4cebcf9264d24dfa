package dev.g4j.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C. The first one cancels what is running (closes the stream, interrupts the worker) and the
 * command ends with 130, or the interactive session goes back to its prompt; a second one while the
 * first is still being honoured ends the process at once.
 *
 * <p>The handler is installed through {@code sun.misc.Signal}, looked up reflectively: it is the only way
 * a Java program can take SIGINT over, it is exported by {@code jdk.unsupported}, and reflection keeps
 * {@code -Xlint} quiet. When it is missing, the JVM's own handling (exit 130) stays.
 */
final class Interrupts {
    private final AtomicReference<Runnable> cancel = new AtomicReference<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Runnable halt;

    /** @param halt what a second Ctrl-C does when the first has not ended the work (exits the process) */
    Interrupts(Runnable halt) {
        this.halt = halt;
    }

    /** Installs the SIGINT handler for the real process. */
    void installSignalHandler() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            InvocationHandler h = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    trigger();
                    return null;
                }
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "g4j SIGINT handler";
                    default -> null;
                };
            };
            Object instance = Proxy.newProxyInstance(Interrupts.class.getClassLoader(), new Class<?>[] {handler}, h);
            Object sigint = signal.getConstructor(String.class).newInstance("INT");
            signal.getMethod("handle", signal, handler).invoke(null, sigint, instance);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // keep the JVM's default: Ctrl-C ends the process with 130
        }
    }

    /** What Ctrl-C (or a test) does. */
    void trigger() {
        Runnable c = cancel.get();
        if (pending.incrementAndGet() > 1 || c == null) {
            halt.run();
            return;
        }
        c.run();
    }

    /** What Ctrl-C does in the interactive session: cancel the answer if one is being written, else nothing. */
    void triggerIfArmed() {
        Runnable c = cancel.get();
        if (c != null) {
            trigger();
        }
    }

    /**
     * Arms the handler for one piece of work.
     *
     * @param onCancel what the first Ctrl-C does (close a stream, interrupt a thread)
     */
    Scope arm(Runnable onCancel) {
        pending.set(0);
        cancel.set(onCancel);
        return new Scope();
    }

    /** Whether Ctrl-C was pressed since the work was armed. */
    boolean requested() {
        return pending.get() > 0;
    }

    /** While open, Ctrl-C cancels the armed work. */
    final class Scope implements AutoCloseable {
        @Override
        public void close() {
            cancel.set(null);
            pending.set(0);
        }
    }
}
