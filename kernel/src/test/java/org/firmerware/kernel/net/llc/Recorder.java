package org.firmerware.kernel.net.llc;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** A connection handler for tests: records events and data, and refuses data while {@link #busy}. */
final class Recorder implements LlcConnectionHandler {

    final List<String> events = new ArrayList<>();
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    final List<String> messages = new ArrayList<>();
    LlcType2Link link;
    boolean busy;
    int refusals;
    int sendRoom;

    @Override
    public void onConnected(LlcType2Link l) {
        link = l;
        events.add("connected");
    }

    @Override
    public void onDisconnected(LlcType2Link l, int reason) {
        events.add("disconnected " + LlcType2Link.reasonName(reason));
    }

    @Override
    public boolean onData(LlcType2Link l, byte[] buf, int off, int len) {
        if (busy) {
            refusals++;
            return false;
        }
        data.write(buf, off, len);
        messages.add(new String(buf, off, len, java.nio.charset.StandardCharsets.ISO_8859_1));
        return true;
    }

    @Override
    public void onSendRoom(LlcType2Link l) {
        sendRoom++;
    }
}
