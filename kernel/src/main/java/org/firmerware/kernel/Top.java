package org.firmerware.kernel;

/**
 * An application on top of the kernel: the SIP phone, the bootloader, a doorbell, a porting test. A top is found by
 * name through the {@code firmerware/tops.properties} file of its module ({@code name=class}); its class has a public
 * constructor without arguments.
 */
public interface Top {

    /**
     * Init phase: allocate everything the top will ever need, register handlers with the kernel, start timers and show
     * the first display. This runs once, before the main loop; on AOT images it runs on the build host and its result
     * is frozen into the image. Nothing the top does after this may allocate.
     */
    void init(Kernel kernel);
}
