package org.firmerware.tools.check;

/**
 * A method by its declaring class, name and descriptor, as in the class files ({@code org/firmerware/kernel/Kernel},
 * {@code run}, {@code ()V}).
 */
public record MethodRef(String owner, String name, String desc) {

    /** The class and method as people read them: {@code org.firmerware.kernel.Kernel.run}. */
    public String display() {
        return owner.replace('/', '.') + "." + name;
    }

    /** The class's binary name: {@code org.firmerware.kernel.Kernel}. */
    public String className() {
        return owner.replace('/', '.');
    }

    @Override
    public String toString() {
        return display() + desc;
    }
}
