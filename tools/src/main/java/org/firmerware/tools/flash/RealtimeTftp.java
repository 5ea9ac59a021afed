package org.firmerware.tools.flash;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.firmerware.tools.console.RawLink;

/**
 * Runs {@link TftpClient}s in real time over a {@link RawLink}: a thread receives frames, the calling thread drives
 * the client with them and with its timers. A send that fails (a drop on the interface's egress) counts as a lost
 * frame: the client's timer recovers it.
 */
final class RealtimeTftp implements AutoCloseable {

    private final RawLink link;
    private final LinkedBlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private final long startNanos = System.nanoTime();
    private final Thread receiver;
    private volatile boolean running = true;
    private volatile boolean interrupted;
    /** Counted down by {@link #close}: the command has said its last word. */
    private final CountDownLatch closed = new CountDownLatch(1);

    RealtimeTftp(RawLink link) {
        this.link = link;
        receiver = new Thread(this::receiveLoop, "fw-tftp-receive");
        receiver.setDaemon(true);
        receiver.start();
    }

    int nowMs() {
        return (int) ((System.nanoTime() - startNanos) / 1_000_000L);
    }

    /** Sends a frame; a failure is a lost frame. */
    void send(byte[] frame, int len) {
        try {
            link.send(frame, len);
        } catch (IOException e) {
            // Lost, as on a lossy wire; the client retransmits.
        }
    }

    /** Makes {@link #run} end (Ctrl-C). */
    void interrupt() {
        interrupted = true;
        frames.add(Boolean.TRUE);
    }

    /**
     * For the shutdown hook of Ctrl-C: makes {@link #run} end, then waits up to {@code ms} for the command to finish
     * (the JVM halts when the hooks return: the phone must first be told, and the user what happened).
     */
    void interruptAndWait(long ms) {
        interrupt();
        try {
            closed.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** After a read, how long the client still acknowledges the last DATA again (its final ACK may have been lost). */
    static final int DALLY_MS = 500;

    /**
     * Starts a transfer with {@code starter} and drives the client until it is finished; after a read, dallies
     * {@value #DALLY_MS} ms.
     *
     * @throws IOException when receiving fails
     */
    void run(TftpClient client, Consumer<TftpClient> starter) throws IOException, InterruptedException {
        frames.clear();
        starter.accept(client);
        while (!client.isFinished()) {
            if (interrupted) {
                client.cancel("interrupted");
                break;
            }
            int wait = Math.max(0, Math.min(1000, client.nextWakeMs() - nowMs()));
            Object event = frames.poll(wait, TimeUnit.MILLISECONDS);
            if (event instanceof byte[]) {
                client.onFrame((byte[]) event, nowMs());
            } else if (event instanceof IOException) {
                throw (IOException) event;
            }
            client.poll(nowMs());
        }
        int dallyUntil = nowMs() + DALLY_MS;
        while (client.outcome() == TftpClient.Outcome.OK && !client.isWrite() && !interrupted
            && nowMs() - dallyUntil < 0) {
            Object event = frames.poll(Math.max(1, dallyUntil - nowMs()), TimeUnit.MILLISECONDS);
            if (event instanceof byte[]) {
                client.onFrame((byte[]) event, nowMs());
            }
        }
    }

    private void receiveLoop() {
        byte[] buf = new byte[2048];
        while (running) {
            try {
                int n = link.receive(buf);
                if (n > 0) {
                    frames.add(Arrays.copyOf(buf, n));
                }
            } catch (IOException e) {
                if (running) {
                    frames.add(e);
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        closed.countDown();
    }
}
