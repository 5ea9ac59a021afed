package org.firmerware.bottom.display;

/**
 * The display RAM of a segment LCD controller, as bytes of segment bits whose meaning the board's layout gives
 * ({@link SevenSegmentLcd.Layout}). Changes collect in the driver's copy and reach the glass at {@link #flush()}.
 * Main loop only.
 */
public interface SegmentMemory {

    /** The number of bytes. */
    int size();

    /** Sets byte {@code index} of the copy. */
    void setByte(int index, int segments);

    /** Byte {@code index} of the copy. */
    int byteAt(int index);

    /** Sends the changed bytes to the controller, as one update. */
    void flush();
}
