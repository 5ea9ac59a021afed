package org.firmerware.bottom.hal;

/**
 * The board's lights: real LEDs and display symbols that act as LEDs (the BT200 shows "handset" and "speaker" as
 * symbols of its LCD). A board lists the lights it has with {@link #has}; the kernel does all flashing, the board only
 * switches a light to a colour.
 */
public interface Leds {

    /** The "message waiting" light. */
    int MESSAGE = 0;
    /** Lit while the handset is the active audio device. */
    int HANDSET = 1;
    /** Lit while the hands-free speaker is the active audio device. */
    int SPEAKER = 2;
    /** The display backlight. */
    int BACKLIGHT = 3;
    /** Lit while a headset is the active audio device. */
    int HEADSET = 4;
    /** Lit while the microphone is muted. */
    int MUTE = 5;
    /** Line key lights, {@code LINE1 + n} for line n (0-based), as many as the board has. */
    int LINE1 = 6;
    /** One more than the highest light number any board may have. */
    int MAX_LEDS = 16;

    /** Colour: dark. */
    int OFF = 0;
    /** Colour: the light's only colour, or green on a light with several. */
    int GREEN = 1;
    /** Colour: red, or the only colour on a single-colour light. */
    int RED = 2;
    /** Colour: amber (red and green together on a two-colour light). */
    int AMBER = 3;
    /** The number of colours; colours are {@code 0 .. COLOURS - 1}. */
    int COLOURS = 4;

    /** Whether this board has light {@code led}. Callable anywhere; never changes after init. */
    boolean has(int led);

    /** Whether light {@code led} can show more than one colour. A single-colour light shows any colour but OFF as on. */
    boolean multiColour(int led);

    /**
     * Switches light {@code led} to {@code colour}. A light the board lacks is ignored. Main loop only; never blocks.
     *
     * @param led one of the light numbers above
     * @param colour {@link #OFF}, {@link #GREEN}, {@link #RED} or {@link #AMBER}
     */
    void set(int led, int colour);
}
