package org.firmerware.bottom.hal;

/**
 * Randomness gathered by the board from physical noise (timer jitter at interrupts, ADC noise, frame arrival times).
 * Boards without a noise source deliver less, and say so by the count they return. Main loop only.
 */
public interface Entropy {

    /**
     * Fills up to {@code len} bytes of {@code dst} from {@code off} with gathered randomness.
     *
     * @return how many bytes were filled, 0 when the board has gathered nothing new since the last call
     */
    int read(byte[] dst, int off, int len);
}
