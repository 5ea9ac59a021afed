package org.firmerware.tools;

import java.util.concurrent.Callable;
import org.firmerware.tools.aot.BuildCommand;
import org.firmerware.tools.budget.BudgetCommand;
import org.firmerware.tools.check.CheckCommand;
import org.firmerware.tools.console.ConsoleCommand;
import org.firmerware.tools.flash.DumpCommand;
import org.firmerware.tools.flash.EepromCommand;
import org.firmerware.tools.flash.FlashCommand;
import org.firmerware.tools.flash.ImageCommand;
import org.firmerware.tools.run.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fw} command line: every tool of Firmerware behind one command. */
@Command(name = "fw", mixinStandardHelpOptions = true, version = "fw 0.1.0",
    description = "Firmerware tools: run firmware on the simulated board, reach a phone's network console, flash and "
        + "dump its partitions, make firmware images, compile firmware to C, split a BT200 boot image for its I2C "
        + "EEPROMs, check the firmware-Java rules, report budgets.",
    subcommands = {RunCommand.class, ConsoleCommand.class, FlashCommand.class, DumpCommand.class, ImageCommand.class,
        BuildCommand.class, EepromCommand.class, CheckCommand.class, BudgetCommand.class, BoardsCommand.class,
        TopsCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Run 'fw <command> --help' for the options of a command."})
public final class Fw implements Callable<Integer> {

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its status (0 = success). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Fw());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof UserError) {
                cmd.getErr().println("fw " + cmd.getCommandName() + ": " + ex.getMessage());
                return 2;
            }
            if (ex instanceof java.nio.file.FileSystemException f) {
                // A file the user named, read or written where no command checked it first: one line, not a trace.
                cmd.getErr().println("fw " + cmd.getCommandName() + ": " + f.getFile() + ": " + UserFiles.reason(f));
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }
}
