package org.firmerware.tools.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.firmerware.tools.UserError;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fw budget}: the RAM a firmware allocates in init, per class and package, against the board's budget. */
@Command(name = "budget", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Report the RAM a top allocates in init, per class and package, against the board's budget.",
        "Runs the init phase of the top on the simulated board and walks the firmware's objects from the kernel and "
            + "the static fields of the firmware classes it loaded. Sizes are given as HotSpot lays the objects out "
            + "and as the target will (the board profile's \"target\" facts). String constants count as flash; "
            + "simulated hardware is not counted.",
        "Exit status: 0 within budget, 1 over budget (the table is still printed), 2 on an error."},
    footer = {"", "Examples: fw budget --board sim --top timer2led", "          fw budget --all"})
public final class BudgetCommand implements Callable<Integer> {

    @Option(names = "--board", defaultValue = "sim", description = "the board (default: ${DEFAULT-VALUE}); see 'fw boards'")
    String board;

    @Option(names = "--top", description = "the top to measure; see 'fw tops'")
    String top;

    @Option(names = "--all", description = "every board with every top; a summary line for each pair at the end")
    boolean all;

    @Option(names = "--biggest", paramLabel = "N", defaultValue = "10",
        description = "how many of the biggest objects to list (default: ${DEFAULT-VALUE})")
    int biggest;

    @Override
    public Integer call() {
        if (all == (top != null)) {
            throw new UserError("give either --top T (with --board B) or --all");
        }
        if (biggest < 0) {
            throw new UserError("--biggest must not be negative");
        }
        if (!all) {
            BudgetReport report = BudgetReport.measure(board, top);
            report.print(System.out, biggest);
            return report.overBudget() ? 1 : 0;
        }
        int status = 0;
        List<String> summary = new ArrayList<>();
        for (BoardProfile profile : BoardProfile.all().values()) {
            String b = profile.name();
            if (!org.firmerware.tools.run.Simulation.supports(profile)) {
                // This report runs init on the simulator; other boards get their figures from fw build.
                System.err.println("fw budget: board " + b + " does not run on the simulator; 'fw build --board " + b
                    + "' prints its budget");
                continue;
            }
            for (String t : Tops.all().keySet()) {
                String pair = String.format("%-8s %-14s ", b, t);
                try {
                    BudgetReport report = BudgetReport.measure(b, t);
                    report.print(System.out, biggest);
                    System.out.println();
                    summary.add(pair + report.summary());
                    if (report.overBudget()) {
                        status = Math.max(status, 1);
                    }
                } catch (IllegalArgumentException e) {
                    System.err.println("fw budget: " + e.getMessage());
                    summary.add(pair + "ERROR: " + e.getMessage());
                    status = 2;
                }
            }
        }
        System.out.println("summary (board, top, RAM in the target layout):");
        for (String line : summary) {
            System.out.println(line);
        }
        return status;
    }
}
