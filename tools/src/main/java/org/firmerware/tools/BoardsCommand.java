package org.firmerware.tools;

import java.util.concurrent.Callable;
import org.firmerware.tools.profile.BoardProfile;
import picocli.CommandLine.Command;

/** {@code fw boards}: lists the boards. */
@Command(name = "boards", mixinStandardHelpOptions = true, description = "List the boards and what they are.")
final class BoardsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (BoardProfile p : BoardProfile.all().values()) {
            System.out.printf("%-14s %s (RAM budget %d KiB)%n", p.name(), p.description(), p.ramBudget() / 1024);
        }
        return 0;
    }
}
