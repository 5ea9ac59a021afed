package org.firmerware.top.budgettest;

/** A hand-built firmware object for the heap-walk tests (its package is a firmware package). */
public final class Node {

    public Node next;
    public byte[] data;
    public Object other;
    public int value;
}
