package org.firmerware.kernel.net.tftp;

/**
 * What a {@link TftpServer} serves: files by name, read and written in order. One transfer at a time: the server opens
 * a file, reads or writes it from the start, and closes it. Main loop only; no method blocks. A method that cannot
 * go on now (flash busy erasing, a check in progress) answers {@link #BUSY} and the server calls again after
 * {@link #retryMs()}; a method that refuses answers {@link #FAILED}, and {@link #errorCode()} and
 * {@link #errorMessage} say why (sent to the peer as a TFTP ERROR).
 */
public interface TftpFiles {

    /** Not now: call again (with the same arguments) after {@link #retryMs()}. */
    int BUSY = -1;
    /** Refused: see {@link #errorCode()} and {@link #errorMessage}. */
    int FAILED = -2;

    /**
     * Opens a file for reading.
     *
     * @return its length in bytes, {@link #BUSY} or {@link #FAILED}
     */
    int openRead(byte[] name, int off, int len);

    /**
     * Copies bytes {@code position..position+len} of the open file (fewer at its end).
     *
     * @return the bytes copied, {@link #BUSY} or {@link #FAILED}
     */
    int read(int position, byte[] dst, int off, int len);

    /**
     * Opens a file for writing.
     *
     * @param size the size the peer announced (the tsize option), or -1
     * @return 0, {@link #BUSY} or {@link #FAILED}
     */
    int openWrite(byte[] name, int off, int len, int size);

    /**
     * Takes the next bytes of the file being written, which start at {@code position}. After {@link #BUSY} the server
     * calls again with the same bytes; the files take what they have not taken yet.
     *
     * @return 0 when all are taken, {@link #BUSY} or {@link #FAILED}
     */
    int write(int position, byte[] src, int off, int len);

    /**
     * The file being written is complete: flush, check and make it take effect. Called again after {@link #BUSY}
     * until it answers 0 or {@link #FAILED}.
     */
    int finish();

    /** Ends the transfer: {@code complete} after a successful read or {@link #finish}, false when it was cut off. */
    void close(boolean complete);

    /** How long to wait before calling again after {@link #BUSY}, in ms; 0: at once (work to do in pieces). */
    int retryMs();

    /** The TFTP error code of the last {@link #FAILED}. */
    int errorCode();

    /** Writes the message of the last {@link #FAILED} into {@code dst}; returns the new end (at most {@code end}). */
    int errorMessage(byte[] dst, int off, int end);
}
