package dev.patrol.lambda.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.Handle;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.SpringAsmInfo;

/**
 * Which AWS SDK operations each entry point can reach, read from compiled classes.
 *
 * <p>A method-level call graph over Patrol's own classes ({@code dev/patrol/**}):
 * every invoke instruction is an edge, a lambda or method reference is an edge
 * from where it is created, and a call on a Patrol interface or class reaches
 * every Patrol implementation of it (class-hierarchy analysis). Calls on an SDK
 * client interface ({@code software.amazon.awssdk.services.<svc>.<Svc>Client})
 * are the operations: {@code getObjectAsBytes} is GetObject, {@code
 * listObjectsV2Paginator} is ListObjectsV2. The result over-approximates what
 * runs, never under-approximates what Patrol's code can call.
 */
final class SdkCallGraph {
    private static final Pattern SDK_CLIENT = Pattern.compile("software/amazon/awssdk/services/([a-z0-9]+)/([A-Za-z0-9]+)(Async)?Client");
    private static final Set<String> NOT_OPERATIONS = Set.of("close", "serviceName", "serviceClientConfiguration",
            "utilities", "waiter", "builder", "create", "presigner");

    /** A method: class (internal name), name and descriptor. */
    record MethodRef(String owner, String name, String desc) {
        @Override
        public String toString() {
            return owner.substring(owner.lastIndexOf('/') + 1) + "." + name;
        }
    }

    /** An SDK operation: service package and operation name, e.g. sqs / SendMessageBatch. */
    record Operation(String service, String name) {
        /** True when the SDK has a request type of this name, i.e. the client method was an operation. */
        boolean exists() {
            try {
                Class.forName("software.amazon.awssdk.services." + service + ".model." + name + "Request", false,
                        SdkCallGraph.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return service + ":" + name;
        }
    }

    /** An operation and the Patrol class whose code makes it (an anonymous or local class counts as its outer class). */
    record Call(Operation operation, String site) {
        @Override
        public String toString() {
            return operation + " in " + site.substring(site.lastIndexOf('/') + 1);
        }
    }

    private record ClassInfo(String name, String superName, List<String> interfaces, Set<String> methods) {}

    private final Map<String, ClassInfo> classes = new HashMap<>();
    private final Map<MethodRef, List<MethodRef>> calls = new HashMap<>();
    private final Map<MethodRef, Set<Operation>> operations = new HashMap<>();
    private final Map<MethodRef, Set<Call>> sited = new HashMap<>();
    /** Anonymous and local class → its methods, reachable once an instance is created. */
    private final Map<String, List<MethodRef>> constructed = new HashMap<>();

    /** Reads every {@code dev/patrol} class in these class folders and jars. */
    static SdkCallGraph of(List<Path> roots) {
        SdkCallGraph graph = new SdkCallGraph();
        for (Path root : roots) {
            if (Files.isDirectory(root)) graph.readFolder(root);
            else if (root.toString().endsWith(".jar") && Files.isRegularFile(root)) graph.readJar(root);
        }
        return graph;
    }

    /** The class folders and jars of Patrol's main code on this test's class path (no test classes). */
    static List<Path> patrolClassPath() {
        List<Path> roots = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            String text = path.toString().replace('\\', '/');
            boolean folder = text.endsWith("/target/classes");
            boolean jar = path.getFileName().toString().matches("patrol-[a-z-]+-[0-9].*\\.jar") && !text.contains("-tests");
            if (folder || jar) roots.add(path);
        }
        return roots;
    }

    /** Every operation reachable from these methods, each with one path that reaches it (for error messages). */
    Map<Operation, String> reachable(List<MethodRef> roots) {
        Map<Operation, String> found = new TreeMap<>(java.util.Comparator.comparing(Operation::toString));
        reachableCalls(roots).forEach((call, path) -> found.putIfAbsent(call.operation(), path));
        return found;
    }

    /** Every operation reachable from these methods with the class that makes it, each with one path to it. */
    Map<Call, String> reachableCalls(List<MethodRef> roots) {
        Map<MethodRef, MethodRef> parent = new HashMap<>();
        Deque<MethodRef> work = new ArrayDeque<>();
        Set<MethodRef> seen = new HashSet<>();
        for (MethodRef root : roots) {
            for (MethodRef m : resolve(root)) if (seen.add(m)) work.add(m);
        }
        Map<Call, String> found = new TreeMap<>(java.util.Comparator.comparing(Call::toString));
        while (!work.isEmpty()) {
            MethodRef m = work.poll();
            for (Call call : sited.getOrDefault(m, Set.of())) found.putIfAbsent(call, path(m, parent));
            List<MethodRef> next = new ArrayList<>(calls.getOrDefault(m, List.of()));
            if (m.name().equals("<init>")) next.addAll(constructed.getOrDefault(m.owner(), List.of()));
            for (MethodRef callee : next) {
                for (MethodRef target : resolve(callee)) {
                    if (seen.add(target)) {
                        parent.put(target, m);
                        work.add(target);
                    }
                }
            }
        }
        return found;
    }

    static List<MethodRef> methodsNamed(Class<?> type, String name) {
        List<MethodRef> refs = new ArrayList<>();
        String owner = type.getName().replace('.', '/');
        for (var m : type.getDeclaredMethods()) {
            if (m.getName().equals(name)) refs.add(new MethodRef(owner, name, org.springframework.asm.Type.getMethodDescriptor(m)));
        }
        if (refs.isEmpty()) throw new IllegalArgumentException(type + " has no method " + name);
        return refs;
    }

    private String path(MethodRef m, Map<MethodRef, MethodRef> parent) {
        List<String> steps = new ArrayList<>();
        for (MethodRef at = m; at != null && steps.size() < 12; at = parent.get(at)) steps.addFirst(at.toString());
        return String.join(" -> ", steps);
    }

    /** The Patrol methods a call may land in: the declaration it names (or inherits) and every override below it. */
    private Set<MethodRef> resolve(MethodRef call) {
        Set<MethodRef> targets = new HashSet<>();
        String key = call.name() + call.desc();
        for (String c = call.owner(); c != null && classes.containsKey(c); c = classes.get(c).superName()) {
            if (classes.get(c).methods().contains(key)) {
                targets.add(new MethodRef(c, call.name(), call.desc()));
                break;
            }
        }
        if (!call.name().equals("<init>") && !call.name().equals("<clinit>")) {
            for (ClassInfo c : classes.values()) {
                if (c.methods().contains(key) && !c.name().equals(call.owner()) && isSubtype(c.name(), call.owner())) {
                    targets.add(new MethodRef(c.name(), call.name(), call.desc()));
                }
            }
        }
        return targets;
    }

    private boolean isSubtype(String type, String of) {
        if (type == null) return false;
        if (type.equals(of)) return true;
        ClassInfo info = classes.get(type);
        if (info == null) return false;
        if (isSubtype(info.superName(), of)) return true;
        for (String i : info.interfaces()) if (isSubtype(i, of)) return true;
        return false;
    }

    private void readFolder(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                if (root.relativize(file).toString().replace('\\', '/').startsWith("dev/patrol/")) read(Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readJar(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (var entry : file.stream().toList()) {
                if (entry.getName().startsWith("dev/patrol/") && entry.getName().endsWith(".class")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        read(in.readAllBytes());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds one class to the graph (also used by tests to add a class of their own). */
    void read(byte[] bytes) {
        new ClassReader(bytes).accept(new ClassVisitor(SpringAsmInfo.ASM_VERSION) {
            private ClassInfo info;

            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                info = new ClassInfo(name, superName, List.of(interfaces == null ? new String[0] : interfaces), new HashSet<>());
                classes.put(name, info);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                info.methods().add(name + desc);
                MethodRef self = new MethodRef(info.name(), name, desc);
                List<MethodRef> out = calls.computeIfAbsent(self, k -> new ArrayList<>());
                if (anonymousOrLocal(info.name()) && !name.equals("<init>") && !name.equals("<clinit>")) {
                    // Library code calls these (Iterator.hasNext from a Stream, Runnable.run from an
                    // executor): whoever creates the object can reach every one of its methods.
                    constructed.computeIfAbsent(info.name(), k -> new ArrayList<>()).add(self);
                }
                return new MethodVisitor(SpringAsmInfo.ASM_VERSION) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String callee, String calleeDesc, boolean itf) {
                        edge(self, out, owner, callee, calleeDesc);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String n, String d, Handle bootstrap, Object... args) {
                        for (Object arg : args) {
                            if (arg instanceof Handle h) edge(self, out, h.getOwner(), h.getName(), h.getDesc());
                        }
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
    }

    /** {@code Outer$1} or {@code Outer$1Local}: a class that only exists where it is created. */
    static boolean anonymousOrLocal(String internalName) {
        return internalName.matches(".*\\$\\d+[A-Za-z0-9_]*$");
    }

    private void edge(MethodRef from, List<MethodRef> out, String owner, String name, String desc) {
        Matcher client = SDK_CLIENT.matcher(owner);
        if (!client.matches()) {
            if (owner.startsWith("dev/patrol/")) out.add(new MethodRef(owner, name, desc));
            return;
        }
        if (NOT_OPERATIONS.contains(name) || name.startsWith("lambda$")) return;
        String service = client.group(1);
        String op = Character.toUpperCase(name.charAt(0)) + name.substring(1).replaceAll("(AsBytes|AsInputStream|Paginator)$", "");
        Operation operation = new Operation(service.toLowerCase(Locale.ROOT), op);
        operations.computeIfAbsent(from, k -> new HashSet<>()).add(operation);
        String site = from.owner().contains("$") ? from.owner().substring(0, from.owner().indexOf('$')) : from.owner();
        sited.computeIfAbsent(from, k -> new HashSet<>()).add(new Call(operation, site));
    }
}
