package org.firmerware.top.sip.message;

/**
 * A SIP message parsed in place (RFC 3261 §7): the start line, a table of headers as offsets into the caller's
 * buffer, and the body. Nothing is copied and no object is made per message: one {@code SipMessage} is allocated
 * during init and reused for every datagram.
 *
 * <h2>The parser</h2>
 * An explicit state machine over the bytes of one datagram, every step bounded by its length:
 * <pre>
 *   LEADING_EMPTY --(non-CRLF)--> START_LINE --(LF)--> LINE_START
 *   LINE_START --(CRLF / LF)--> BODY            LINE_START --(SP/HT)--> VALUE (folded line: CRLF becomes spaces)
 *   LINE_START --(token char)--> NAME --(':')--> VALUE --(LF)--> LINE_START
 *   NAME --(SP/HT)--> BEFORE_COLON --(':')--> VALUE
 *   any state --(a byte it cannot take, a limit exceeded)--> BAD_MESSAGE
 *   BODY: Content-Length bytes (or the rest of the datagram without one) --> DONE
 * </pre>
 * A datagram of nothing but CRLFs is a keep-alive (RFC 5626 §3.5.1) and parses as {@link #KEEPALIVE}. After the
 * headers, the message is checked as a UAS must (RFC 3261 §8.2): the mandatory headers, a CSeq whose method matches,
 * the version. Folding is undone in place (the CR and LF of a continuation become spaces), so the buffer changes.
 *
 * <h2>Results</h2>
 * {@link #parse} returns {@link #OK}, {@link #KEEPALIVE} or {@link #BAD}. A bad message records
 * {@link #problem()}, and {@link #answerStatus()} is the 4xx/5xx to answer it with when it is a request whose Via,
 * From, To, Call-ID and CSeq are usable (otherwise 0: drop it).
 *
 * <table>
 *   <caption>Limits (constructor parameters)</caption>
 *   <tr><th>limit</th><th>default</th></tr>
 *   <tr><td>headers per message</td><td>{@value #DEFAULT_MAX_HEADERS}</td></tr>
 * </table>
 */
public final class SipMessage {

    /** Default limit: headers per message. */
    public static final int DEFAULT_MAX_HEADERS = 64;

    /** Results of {@link #parse}. */
    public static final int OK = 0, KEEPALIVE = 1, BAD = 2;

    /** Problems of a bad message ({@link #problem()}). */
    public static final int PROBLEM_NONE = 0, PROBLEM_EMPTY = 1, PROBLEM_START_LINE = 2, PROBLEM_VERSION = 3,
        PROBLEM_HEADER_SYNTAX = 4, PROBLEM_TOO_MANY_HEADERS = 5, PROBLEM_MISSING_HEADER = 6, PROBLEM_CSEQ = 7,
        PROBLEM_CONTENT_LENGTH = 8, PROBLEM_STATUS = 9, PROBLEM_CONTROL_CHAR = 10, PROBLEM_DUPLICATE = 11,
        PROBLEM_MAX_FORWARDS = 12, PROBLEM_URI = 13;

    /** Parser states (see the class comment). Not an enum: a switch over an enum makes javac build a table lazily. */
    private static final int LEADING_EMPTY = 0, START_LINE = 1, LINE_START = 2, NAME = 3, BEFORE_COLON = 4,
        VALUE = 5, BODY = 6, DONE = 7, BAD_MESSAGE = 8;

    /** The largest CSeq number (RFC 3261 §8.1.1.5: less than 2**31). */
    public static final long MAX_CSEQ = 0x7FFFFFFFL;

    private final int maxHeaders;
    private final int[] headerId;
    private final int[] nameOff;
    private final int[] nameLen;
    private final int[] valueOff;
    private final int[] valueLen;
    private int headerCount;

    private byte[] buf;
    private int start;
    private int end;
    private boolean request;
    private int method;
    private int methodOff, methodLen;
    private int uriOff, uriLen;
    private int status;
    private int reasonOff, reasonLen;
    private int bodyOff, bodyLen;
    private int problem;
    private int answerStatus;
    private long cseq;
    private int cseqMethod;
    private long contentLength;
    private int maxForwards;

    /** A message with the default limits. Init only. */
    public SipMessage() {
        this(DEFAULT_MAX_HEADERS);
    }

    /** @param maxHeaders the most header lines a message may have; more make it bad. Init only. */
    public SipMessage(int maxHeaders) {
        if (maxHeaders < 8) {
            throw new IllegalArgumentException("a SIP message needs room for at least 8 headers");
        }
        this.maxHeaders = maxHeaders;
        headerId = new int[maxHeaders];
        nameOff = new int[maxHeaders];
        nameLen = new int[maxHeaders];
        valueOff = new int[maxHeaders];
        valueLen = new int[maxHeaders];
    }

    /**
     * Parses a datagram in place. The caller keeps the buffer and must not change it while it uses this message.
     *
     * @return {@link #OK}, {@link #KEEPALIVE} or {@link #BAD}
     */
    public int parse(byte[] b, int off, int len) {
        buf = b;
        start = off;
        end = off + Math.max(0, len);
        reset();
        int state = LEADING_EMPTY;
        int lineStart = off;
        int mark = off;
        int i = off;
        // Bounded: i only grows, one step per byte.
        while (i < end && state != BODY && state != BAD_MESSAGE) {
            int c = b[i] & 0xFF;
            switch (state) {
                case LEADING_EMPTY:
                    if (c == '\r' || c == '\n') {
                        i++;
                        break;
                    }
                    lineStart = i;
                    state = START_LINE;
                    break;
                case START_LINE:
                    if (c == '\n') {
                        int lineEnd = i > lineStart && b[i - 1] == '\r' ? i - 1 : i;
                        state = startLine(lineStart, lineEnd) ? LINE_START : BAD_MESSAGE;
                        i++;
                    } else if (c == 0 || c == 0x7F || c < 0x20 && c != '\t' && c != '\r') {
                        problem = PROBLEM_CONTROL_CHAR;
                        state = BAD_MESSAGE;
                    } else {
                        i++;
                    }
                    break;
                case LINE_START:
                    if (c == '\r' && i + 1 < end && b[i + 1] == '\n') {
                        i += 2;
                        state = BODY;
                    } else if (c == '\n') {
                        i++;
                        state = BODY;
                    } else if (c == ' ' || c == '\t') {
                        if (headerCount == 0) {
                            problem = PROBLEM_HEADER_SYNTAX;
                            state = BAD_MESSAGE;
                            break;
                        }
                        // A folded line (RFC 3261 §7.3.1): the line break before it becomes white space.
                        int k = i - 1;
                        if (k >= start && b[k] == '\n') {
                            b[k] = ' ';
                            if (k - 1 >= start && b[k - 1] == '\r') {
                                b[k - 1] = ' ';
                            }
                        }
                        state = VALUE;
                    } else if (Ascii.isTokenChar(c)) {
                        if (headerCount == maxHeaders) {
                            problem = PROBLEM_TOO_MANY_HEADERS;
                            state = BAD_MESSAGE;
                            break;
                        }
                        mark = i;
                        nameOff[headerCount] = i;
                        state = NAME;
                        i++;
                    } else {
                        problem = PROBLEM_HEADER_SYNTAX;
                        state = BAD_MESSAGE;
                    }
                    break;
                case NAME:
                    if (Ascii.isTokenChar(c)) {
                        i++;
                    } else if (c == ':' || c == ' ' || c == '\t') {
                        nameLen[headerCount] = i - mark;
                        headerId[headerCount] = SipHeader.lookup(b, mark, i - mark);
                        state = c == ':' ? VALUE : BEFORE_COLON;
                        i++;
                        if (state == VALUE) {
                            valueOff[headerCount] = i;
                            headerCount++;
                        }
                    } else {
                        problem = PROBLEM_HEADER_SYNTAX;
                        state = BAD_MESSAGE;
                    }
                    break;
                case BEFORE_COLON:
                    if (c == ' ' || c == '\t') {
                        i++;
                    } else if (c == ':') {
                        i++;
                        valueOff[headerCount] = i;
                        headerCount++;
                        state = VALUE;
                    } else {
                        problem = PROBLEM_HEADER_SYNTAX;
                        state = BAD_MESSAGE;
                    }
                    break;
                case VALUE:
                    if (c == '\n') {
                        int h = headerCount - 1;
                        int vEnd = Ascii.trimEnd(b, valueOff[h], i);
                        int vStart = Ascii.skipLws(b, valueOff[h], vEnd);
                        valueOff[h] = vStart;
                        valueLen[h] = vEnd - vStart;
                        state = LINE_START;
                    } else if (c == 0 || c == 0x7F || c < 0x20 && c != '\t' && c != '\r') {
                        problem = PROBLEM_CONTROL_CHAR;
                        state = BAD_MESSAGE;
                        break;
                    }
                    i++;
                    break;
                default:
                    state = BAD_MESSAGE;
                    break;
            }
        }
        if (state == LEADING_EMPTY) {
            return i > off ? KEEPALIVE : bad(PROBLEM_EMPTY);
        }
        if (state == BAD_MESSAGE) {
            return finishBad();
        }
        if (state != BODY) {
            // The datagram ended inside the headers: take what we have, then judge it as a message without a body.
            if (state == START_LINE) {
                return bad(PROBLEM_START_LINE);
            }
            if (state == VALUE) {
                int h = headerCount - 1;
                int vEnd = Ascii.trimEnd(b, valueOff[h], end);
                int vStart = Ascii.skipLws(b, valueOff[h], vEnd);
                valueOff[h] = vStart;
                valueLen[h] = vEnd - vStart;
            } else if (state == NAME || state == BEFORE_COLON) {
                problem = PROBLEM_HEADER_SYNTAX;
                return finishBad();
            }
            // A message must end its headers with an empty line (RFC 3261 §7): without one it is malformed.
            problem = PROBLEM_HEADER_SYNTAX;
            return finishBad();
        }
        bodyOff = i;
        return checkHeaders();
    }

    private void reset() {
        headerCount = 0;
        request = false;
        method = SipMethod.UNKNOWN;
        methodOff = methodLen = uriOff = uriLen = 0;
        status = 0;
        reasonOff = reasonLen = 0;
        bodyOff = bodyLen = 0;
        problem = PROBLEM_NONE;
        versionProblem = false;
        answerStatus = 0;
        cseq = -1;
        cseqMethod = SipMethod.UNKNOWN;
        contentLength = -1;
        maxForwards = -1;
    }

    private int bad(int why) {
        problem = why;
        return finishBad();
    }

    /** Decides whether a bad request can be answered: only when the headers a response copies are there. */
    private int finishBad() {
        answerStatus = 0;
        if (request && problem != PROBLEM_TOO_MANY_HEADERS && problem != PROBLEM_CONTROL_CHAR
            && problem != PROBLEM_HEADER_SYNTAX && method != SipMethod.ACK && canAnswer()) {
            answerStatus = problem == PROBLEM_VERSION ? 505 : problem == PROBLEM_URI ? 416 : 400;
        }
        return BAD;
    }

    private boolean canAnswer() {
        if (first(SipHeader.VIA) < 0 || first(SipHeader.FROM) < 0 || first(SipHeader.TO) < 0
            || first(SipHeader.CALL_ID) < 0) {
            return false;
        }
        // A CSeq that does not parse is copied as it is into the 400 (RFC 3261 §8.2.6.2 copies the header).
        return first(SipHeader.CSEQ) >= 0;
    }

    /** Request-Line or Status-Line (RFC 3261 §7.1, §7.2). */
    private boolean startLine(int s, int e) {
        byte[] b = buf;
        int sp1 = Ascii.indexOf(b, s, e - s, ' ');
        if (sp1 < 0) {
            problem = PROBLEM_START_LINE;
            return false;
        }
        if (Ascii.startsWithIgnoreCase(b, s, e - s, "SIP/")) {
            // Status-Line: SIP-Version SP Status-Code SP Reason-Phrase
            if (!Ascii.equals(b, s, sp1 - s, "SIP/2.0")) {
                problem = PROBLEM_VERSION;
                return false;
            }
            int codeStart = sp1 + 1;
            int sp2 = Ascii.indexOf(b, codeStart, e - codeStart, ' ');
            int codeEnd = sp2 < 0 ? e : sp2;
            long code = codeEnd - codeStart == 3 ? Ascii.parseDecimal(b, codeStart, 3, 699) : Ascii.NOT_A_NUMBER;
            if (code < 100) {
                problem = PROBLEM_STATUS;
                return false;
            }
            status = (int) code;
            reasonOff = sp2 < 0 ? e : sp2 + 1;
            reasonLen = e - reasonOff;
            return true;
        }
        // Request-Line: Method SP Request-URI SP SIP-Version
        request = true;
        methodOff = s;
        methodLen = sp1 - s;
        if (!Ascii.isToken(b, s, methodLen)) {
            request = false;
            problem = PROBLEM_START_LINE;
            return false;
        }
        method = SipMethod.lookup(b, s, methodLen);
        int u = sp1 + 1;
        int sp2 = Ascii.indexOf(b, u, e - u, ' ');
        if (sp2 <= u) {
            problem = PROBLEM_START_LINE;
            return false;
        }
        uriOff = u;
        uriLen = sp2 - u;
        int v = sp2 + 1;
        if (!Ascii.equals(b, v, e - v, "SIP/2.0")) {
            if (!Ascii.startsWithIgnoreCase(b, v, e - v, "SIP/")) {
                problem = PROBLEM_START_LINE;
                return false;
            }
            // Another version: read the headers anyway, so that the 505 can be sent (RFC 3261 §8.2.2... §21.5.6).
            versionProblem = true;
        }
        for (int k = u; k < sp2; k++) {
            int c = b[k] & 0xFF;
            if (c <= ' ' || c >= 0x7F) {
                problem = PROBLEM_START_LINE;
                return false;
            }
        }
        return true;
    }

    /** The checks of RFC 3261 §8.2 and §18.3 once the headers are known. */
    private int checkHeaders() {
        if (versionProblem) {
            return bad(PROBLEM_VERSION);
        }
        int cl = first(SipHeader.CONTENT_LENGTH);
        if (cl >= 0) {
            contentLength = Ascii.parseDecimal(buf, valueOff[cl], valueLen[cl], 0x7FFFFFFFL);
            if (contentLength < 0) {
                return bad(PROBLEM_CONTENT_LENGTH);
            }
            if (count(SipHeader.CONTENT_LENGTH) > 1) {
                return bad(PROBLEM_DUPLICATE);
            }
        }
        int available = end - bodyOff;
        if (contentLength < 0) {
            bodyLen = available;
        } else if (contentLength > available) {
            // RFC 3261 §18.3: a datagram shorter than its Content-Length is answered 400.
            return bad(PROBLEM_CONTENT_LENGTH);
        } else {
            bodyLen = (int) contentLength;
        }
        if (first(SipHeader.VIA) < 0 || first(SipHeader.FROM) < 0 || first(SipHeader.TO) < 0
            || first(SipHeader.CALL_ID) < 0 || first(SipHeader.CSEQ) < 0) {
            return bad(PROBLEM_MISSING_HEADER);
        }
        if (count(SipHeader.FROM) > 1 || count(SipHeader.TO) > 1 || count(SipHeader.CALL_ID) > 1
            || count(SipHeader.CSEQ) > 1) {
            return bad(PROBLEM_DUPLICATE);
        }
        int c = first(SipHeader.CSEQ);
        parseCseq(c);
        if (cseq < 0 || request && cseqMethod != method
            || request && method == SipMethod.UNKNOWN
            && !Ascii.equals(buf, methodOff, methodLen, buf, cseqMethodOff, cseqMethodLen)) {
            return bad(PROBLEM_CSEQ);
        }
        int mf = first(SipHeader.MAX_FORWARDS);
        if (mf >= 0) {
            long v = Ascii.parseDecimal(buf, valueOff[mf], valueLen[mf], 255);
            if (v < 0) {
                return bad(PROBLEM_MAX_FORWARDS);
            }
            maxForwards = (int) v;
        }
        if (request && !SipUri.isSipUri(buf, uriOff, uriLen)) {
            problem = PROBLEM_URI;
            return finishBad();
        }
        return OK;
    }

    private int cseqMethodOff, cseqMethodLen;
    private boolean versionProblem;

    /** CSeq: 1*DIGIT LWS Method (RFC 3261 §20.16). */
    private void parseCseq(int h) {
        cseq = -1;
        int s = valueOff[h];
        int e = s + valueLen[h];
        int k = s;
        while (k < e && Ascii.isDigit(buf[k])) {
            k++;
        }
        long n = Ascii.parseDecimal(buf, s, k - s, MAX_CSEQ);
        int m = Ascii.skipLws(buf, k, e);
        if (n < 0 || m == k || m >= e || !Ascii.isToken(buf, m, e - m)) {
            return;
        }
        cseq = n;
        cseqMethodOff = m;
        cseqMethodLen = e - m;
        cseqMethod = SipMethod.lookup(buf, m, e - m);
    }

    // ------------------------------------------------------------------ accessors

    /** The buffer the message lies in. */
    public byte[] buffer() {
        return buf;
    }

    /** Where the message starts in {@link #buffer()}. */
    public int start() {
        return start;
    }

    /** Whether the message is a request (false: a response). */
    public boolean isRequest() {
        return request;
    }

    /** The request's method ({@link SipMethod}); UNKNOWN for a response or an unknown method. */
    public int method() {
        return method;
    }

    public int methodOffset() {
        return methodOff;
    }

    public int methodLength() {
        return methodLen;
    }

    /** Where the Request-URI starts. */
    public int uriOffset() {
        return uriOff;
    }

    public int uriLength() {
        return uriLen;
    }

    /** The response's status code (0 for a request). */
    public int status() {
        return status;
    }

    public int reasonOffset() {
        return reasonOff;
    }

    public int reasonLength() {
        return reasonLen;
    }

    /** Where the body starts. */
    public int bodyOffset() {
        return bodyOff;
    }

    /** The body's length (Content-Length, or the rest of the datagram without one). */
    public int bodyLength() {
        return bodyLen;
    }

    /** Why the message is bad ({@code PROBLEM_*}). */
    public int problem() {
        return problem;
    }

    /** The status to answer a bad request with, or 0 when it must be dropped. */
    public int answerStatus() {
        return answerStatus;
    }

    /** The CSeq number, or -1. */
    public long cseq() {
        return cseq;
    }

    /** The CSeq method. */
    public int cseqMethod() {
        return cseqMethod;
    }

    /** Max-Forwards, or -1 without one. */
    public int maxForwards() {
        return maxForwards;
    }

    /** The number of header lines. */
    public int headerCount() {
        return headerCount;
    }

    /** The {@link SipHeader} number of header line {@code i}. */
    public int headerId(int i) {
        return headerId[i];
    }

    public int nameOffset(int i) {
        return nameOff[i];
    }

    public int nameLength(int i) {
        return nameLen[i];
    }

    /** Where the value of header line {@code i} starts (leading and trailing white space removed). */
    public int valueOffset(int i) {
        return valueOff[i];
    }

    public int valueLength(int i) {
        return valueLen[i];
    }

    /** The first header line with the number, or -1. */
    public int first(int id) {
        return next(id, -1);
    }

    /** The next header line with the number after line {@code after}, or -1. */
    public int next(int id, int after) {
        for (int i = after + 1; i < headerCount; i++) {
            if (headerId[i] == id) {
                return i;
            }
        }
        return -1;
    }

    /** How many header lines have the number. */
    public int count(int id) {
        int n = 0;
        for (int i = 0; i < headerCount; i++) {
            if (headerId[i] == id) {
                n++;
            }
        }
        return n;
    }

    /** The first header line whose (unknown) name equals the constant, ignoring case, or -1. */
    public int firstNamed(String name) {
        for (int i = 0; i < headerCount; i++) {
            if (Ascii.equalsIgnoreCase(buf, nameOff[i], nameLen[i], name)) {
                return i;
            }
        }
        return -1;
    }
}
