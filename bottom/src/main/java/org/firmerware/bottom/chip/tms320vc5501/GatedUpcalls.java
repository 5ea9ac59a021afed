package org.firmerware.bottom.chip.tms320vc5501;

import org.firmerware.bottom.hal.Upcalls;

/** The kernel's upcalls, each noted by the CPU first so that it cancels a coming sleep (see {@link Vc5501Cpu}). */
final class GatedUpcalls implements Upcalls {

    private final Vc5501Cpu cpu;
    private final Upcalls target;

    GatedUpcalls(Vc5501Cpu cpu, Upcalls target) {
        this.cpu = cpu;
        this.target = target;
    }

    @Override
    public void onAlarm() {
        cpu.noteUpcall();
        target.onAlarm();
    }

    @Override
    public void onButtonPress(int buttonClass, int code) {
        cpu.noteUpcall();
        target.onButtonPress(buttonClass, code);
    }

    @Override
    public void onButtonRelease() {
        cpu.noteUpcall();
        target.onButtonRelease();
    }

    @Override
    public void onHookChanged(boolean offHook) {
        cpu.noteUpcall();
        target.onHookChanged(offHook);
    }

    @Override
    public void onCanReceive() {
        cpu.noteUpcall();
        target.onCanReceive();
    }

    @Override
    public void onCanSend() {
        cpu.noteUpcall();
        target.onCanSend();
    }

    @Override
    public void onOnline() {
        cpu.noteUpcall();
        target.onOnline();
    }

    @Override
    public void onOffline() {
        cpu.noteUpcall();
        target.onOffline();
    }

    @Override
    public void onCanPlay(int channel) {
        cpu.noteUpcall();
        target.onCanPlay(channel);
    }

    @Override
    public void onCanRecord(int channel) {
        cpu.noteUpcall();
        target.onCanRecord(channel);
    }
}
