package org.firmerware.tools.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.firmerware.kernel.Top;

/**
 * The tops on the class path, from every {@code firmerware/tops.properties} ({@code top.<name> = class} and
 * {@code top.<name>.about = one line}).
 */
public final class Tops {

    /** A top: its name, class name and one line about it. */
    public record Entry(String name, String className, String about) {

        /** Loads the class and checks that it is a top. */
        public Class<? extends Top> load() {
            try {
                Class<?> c = Class.forName(className, false, Tops.class.getClassLoader());
                if (!Top.class.isAssignableFrom(c)) {
                    throw new IllegalArgumentException("top " + name + ": " + className + " does not implement "
                        + Top.class.getName());
                }
                return c.asSubclass(Top.class);
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("top " + name + ": class " + className + " is not on the class path");
            }
        }

        /** A new instance of the top (a fresh one for every power-up). */
        public Top create() {
            try {
                return load().getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("top " + name + ": cannot create " + className
                    + " (it needs a public constructor without arguments): " + e, e);
            }
        }
    }

    private Tops() {
    }

    /** Every top, by name. */
    public static Map<String, Entry> all() {
        Map<String, Entry> tops = new TreeMap<>();
        try {
            for (URL url : Collections.list(Tops.class.getClassLoader().getResources("firmerware/tops.properties"))) {
                Properties p = new Properties();
                try (InputStream in = url.openStream()) {
                    p.load(in);
                }
                for (String key : p.stringPropertyNames()) {
                    if (key.startsWith("top.") && !key.endsWith(".about")) {
                        String name = key.substring(4);
                        tops.put(name, new Entry(name, p.getProperty(key).trim(),
                            p.getProperty(key + ".about", "").trim()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the tops", e);
        }
        return tops;
    }

    /** The top of that name; the error lists the tops there are. */
    public static Entry named(String name) {
        Map<String, Entry> tops = all();
        Entry e = tops.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no top named '" + name + "' (tops: " + String.join(", ", tops.keySet())
                + ")");
        }
        return e;
    }
}
