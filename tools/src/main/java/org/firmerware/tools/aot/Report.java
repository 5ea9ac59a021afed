package org.firmerware.tools.aot;

import java.lang.reflect.Array;
import java.util.Map;
import org.firmerware.tools.check.MethodRef;

/** The build's report: why each object is in the image, where it goes, the roots, the methods and the panic sites. */
final class Report {

    private Report() {
    }

    static String snapshot(Build b) {
        MissionWorld w = b.world();
        CodeGen g = b.codeGen();
        StringBuilder out = new StringBuilder();
        out.append("fw build report: ").append(b.name()).append(" on board ").append(b.profile().name()).append('\n');
        out.append("layout: ").append(b.layout().describe()).append('\n');
        out.append("snapshot: ").append(b.snapshotSummary()).append('\n');
        out.append("mission: ").append(w.methods.size()).append(" methods, ").append(g.cids.size())
            .append(" class ids, ").append(w.read.size()).append(" live fields, ").append(w.handlers.size())
            .append(" interrupt handlers, ").append(b.ops().size()).append(" hardware operations replayed at boot\n");
        out.append("\nroots:\n");
        for (MissionWorld.Root r : w.roots) {
            out.append("  ").append(r.method().display()).append(" - ").append(r.why()).append('\n');
        }
        out.append("\nobjects (C name, placement, bytes in the target layout, what it is, why it is in the image: the"
            + " first path from a root, then every field that refers to it):\n");
        for (MissionWorld.Node n : w.objects()) {
            Object o = n.object();
            Class<?> c = o.getClass();
            String what = c == String.class ? "String \"" + CodeGen.comment((String) o) + "\""
                : c.isArray() ? c.getComponentType().getName() + "[" + Array.getLength(o) + "]" : c.getName();
            out.append(String.format("  o%-5d %-5s %7d  %s%n", n.index, g.placement.get(n), g.objectBytes.get(n),
                what));
            out.append("         reached by ").append(n.path()).append('\n');
            if (n.referrers.size() > 1) {
                out.append("         referred to by ").append(String.join(", ", n.referrers)).append('\n');
            }
        }
        out.append("\nmethods (C name: Java method):\n");
        for (Map.Entry<MethodRef, String> e : g.functionNames.entrySet()) {
            if (w.methods.containsKey(e.getKey())) {
                out.append("  ").append(e.getValue()).append(": ").append(e.getKey()).append('\n');
            }
        }
        out.append("\npanic sites:\n");
        for (Map.Entry<String, String> e : g.sites.entrySet()) {
            out.append("  #").append(e.getValue()).append(": ").append(e.getKey()).append('\n');
        }
        return out.toString();
    }
}
