package org.firmerware.tools.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link ConsoleClient} in real time over a {@link RawLink}: a thread receives frames, a thread reads input
 * lines, and the calling thread drives the client with both and with its timers. Console text goes to {@code out} as
 * it arrives; status messages go to {@code err}, prefixed with {@code fw console:}.
 */
public final class RealtimeConsole {

    private static final Object END_OF_INPUT = new Object();
    private static final Object INTERRUPT = new Object();
    /** The exit code after Ctrl-C, as a shell reports a command ended by SIGINT. */
    public static final int EXIT_INTERRUPTED = 130;

    private final RawLink link;
    private final byte[] phoneMac;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final long startNanos = System.nanoTime();
    private volatile boolean running = true;
    private volatile boolean interrupted;
    /** Counted down when {@link #run} returns. */
    private final CountDownLatch ended = new CountDownLatch(1);
    private String lastSendError;

    /**
     * @param phoneMac the phone's MAC address, or null to find it
     * @param in where command lines come from
     */
    public RealtimeConsole(RawLink link, byte[] phoneMac, InputStream in, PrintStream out, PrintStream err) {
        this.link = link;
        this.phoneMac = phoneMac;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    private int nowMs() {
        return (int) ((System.nanoTime() - startNanos) / 1_000_000L);
    }

    /**
     * Runs until the input ends (then, once connected and the lines typed are delivered, it prints the answers for
     * {@value ConsoleClient#LINGER_MS} ms and disconnects cleanly), the time is up, or the phone cannot be found.
     *
     * @param seconds how long to run, or 0 for as long as there is input (with a time limit the end of input does
     *     not end the console, so it can run with no input at all)
     * @return the exit code: 0, or {@link ConsoleClient#EXIT_NO_ANSWER}, or 1 when the link failed
     */
    public int run(double seconds) throws InterruptedException {
        ConsoleClient client = new ConsoleClient(this::send, link.mac(), phoneMac, new ConsoleClient.Listener() {
            @Override
            public void onText(byte[] text, int off, int len) {
                out.write(text, off, len);
                out.flush();
            }

            @Override
            public void onStatus(String message) {
                err.println("fw console: " + message);
                err.flush();
            }
        }, nowMs());
        Thread receiver = new Thread(this::receiveLoop, "fw-console-receive");
        receiver.setDaemon(true);
        receiver.start();
        Thread reader = new Thread(this::readLoop, "fw-console-input");
        reader.setDaemon(true);
        reader.start();
        int deadlineMs = seconds > 0 ? nowMs() + (int) Math.round(seconds * 1000) : 0;
        boolean closing = false;
        client.start(nowMs());
        try {
            while (!client.isFinished()) {
                int now = nowMs();
                int waitMs = Math.max(0, Math.min(1000, client.nextWakeMs() - now));
                if (deadlineMs != 0 && !closing) {
                    waitMs = Math.max(0, Math.min(waitMs, deadlineMs - now));
                }
                Object event = events.poll(waitMs, TimeUnit.MILLISECONDS);
                now = nowMs();
                if (event instanceof byte[]) {
                    client.onFrame((byte[]) event, now);
                } else if (event instanceof String) {
                    client.onInputLine((String) event, now);
                } else if (event == INTERRUPT && !closing) {
                    // Ctrl-C: leave at once, but disconnected, so that the phone does not keep a dead link.
                    closing = true;
                    client.disconnect(now);
                } else if (event == END_OF_INPUT && deadlineMs == 0 && !closing) {
                    closing = true;
                    client.close(now);
                } else if (event instanceof IOException) {
                    err.println("fw console: " + ((IOException) event).getMessage());
                    return 1;
                }
                if (deadlineMs != 0 && !closing && now - deadlineMs >= 0) {
                    closing = true;
                    client.disconnect(now);
                }
                client.poll(now);
            }
            if (interrupted) {
                err.println("fw console: interrupted; disconnected");
                return EXIT_INTERRUPTED;
            }
            return client.exitCode();
        } finally {
            running = false;
            out.flush();
            ended.countDown();
        }
    }

    /**
     * For the shutdown hook of Ctrl-C: makes {@link #run} disconnect and end, and waits up to {@code ms} for it (the
     * JVM halts when the hooks return).
     */
    public void interruptAndWait(long ms) {
        interrupted = true;
        events.add(INTERRUPT);
        try {
            ended.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(byte[] frame, int len) {
        try {
            link.send(frame, len);
            lastSendError = null;
        } catch (IOException e) {
            if (!e.getMessage().equals(lastSendError)) {
                lastSendError = e.getMessage();
                err.println("fw console: " + lastSendError + " (frames are lost until it works again)");
            }
        }
    }

    private void receiveLoop() {
        byte[] buf = new byte[2048];
        while (running) {
            try {
                int n = link.receive(buf);
                if (n > 0) {
                    events.add(Arrays.copyOf(buf, n));
                }
            } catch (IOException e) {
                events.add(e);
                return;
            }
        }
    }

    private void readLoop() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null && running; line = r.readLine()) {
                events.add(line);
            }
        } catch (IOException e) {
            // the end of input, for our purpose
        }
        events.add(END_OF_INPUT);
    }
}
