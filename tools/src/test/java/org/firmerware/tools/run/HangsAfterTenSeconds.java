package org.firmerware.tools.run;

/**
 * A firmware that hangs ten seconds after it starts, after it has confirmed its trial boot (5 s): what the tests of
 * the watchdog kept while a firmware runs start. Not a top of the product.
 */
public final class HangsAfterTenSeconds extends HangsAfterOneSecond {

    public HangsAfterTenSeconds() {
        super("hangs after ten seconds", 10_000);
    }
}
