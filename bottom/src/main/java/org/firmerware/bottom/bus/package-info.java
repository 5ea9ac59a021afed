/**
 * Bus interfaces between chip drivers and the CPU's peripheral drivers, for buses that many chips share (I2C). Glue
 * that one chip needs from its board is an interface nested in the chip's package instead ({@code Ht162x.Pins},
 * {@code Ksz8842.Bus}).
 */
package org.firmerware.bottom.bus;
