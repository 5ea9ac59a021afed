package org.firmerware.tools;

import java.util.concurrent.Callable;
import org.firmerware.tools.profile.Tops;
import picocli.CommandLine.Command;

/** {@code fw tops}: lists the tops. */
@Command(name = "tops", mixinStandardHelpOptions = true,
    description = "List the tops (applications and porting tests) that a board can run.")
final class TopsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (Tops.Entry e : Tops.all().values()) {
            System.out.printf("%-14s %s%n", e.name(), e.about());
        }
        return 0;
    }
}
