package org.firmerware.tools.run;

/**
 * A firmware that panics ten seconds after it starts, after it has confirmed its trial boot (5 s): what the tests of
 * the watchdog kept while a firmware runs start. Not a top of the product.
 */
public final class PanicsAfterTenSeconds extends PanicsAfterOneSecond {

    public PanicsAfterTenSeconds() {
        super("panics after ten seconds", 10_000);
    }
}
