package org.firmerware.bottom.hal;

/** Upcalls of the {@link Buttons}; implemented by the kernel. */
public interface ButtonListener {

    /**
     * A key went down (already debounced); every other key counts as released. Upcall context.
     *
     * @param buttonClass one of {@link Buttons#DTMF}, {@link Buttons#FIXED_FUNCTION}, ...
     * @param code the key's code within its class
     */
    void onButtonPress(int buttonClass, int code);

    /** All keys are up. Upcall context. */
    void onButtonRelease();
}
