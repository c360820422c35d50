package org.patientportal.inmemory;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A committed index of rows in (start, id) order: a B+ tree whose nodes keep each entry's start and
 * id as primitive arrays, so that finding a position reads a few cache lines per level and no key
 * object, and an entry costs a slot in a leaf (its id object's reference), no object of its own. It
 * hands out {@link StartKey}s made as it walks. A leaf that empties leaves the tree; leaves are not
 * merged otherwise, and one filled at its end splits there (rows mostly come in start order).
 *
 * <p>Not thread-safe by itself: commits change it under the storage's publication lock (write
 * side) and store calls read it under the read side (see {@link Transaction}). An iterator stays
 * usable across a commit applied while its statement waited for a row lock: it goes on after the
 * last key it returned, as a skip list's weakly consistent iterator would.
 *
 * @param <I> the id type
 */
final class StartIndex<I> implements Iterable<StartKey<I>> {
    private static final int MAX = 32;

    /** A node's keys as primitives: in a leaf, its entries; in an inner node, each child's lower bound (child 0's unused). */
    private abstract static class Node {
        int count;
        final long[] seconds = new long[MAX];
        final int[] nanos = new int[MAX];
        final long[] highs = new long[MAX];
        final long[] lows = new long[MAX];

        /** Compares entry {@code i} with the key (its order, as {@link StartKey#compare}). */
        final int compareAt(int i, StartKey<?> key) {
            int order = Long.compare(seconds[i], key.seconds());
            if (order == 0) {
                order = Integer.compare(nanos[i], key.nanos());
            }
            if (order == 0) {
                order = Long.compareUnsigned(highs[i], key.high());
            }
            return order != 0 ? order : Long.compareUnsigned(lows[i], key.low());
        }

        final void copyKey(int from, Node to, int at) {
            to.seconds[at] = seconds[from];
            to.nanos[at] = nanos[from];
            to.highs[at] = highs[from];
            to.lows[at] = lows[from];
        }

        final void setKey(int at, StartKey<?> key) {
            seconds[at] = key.seconds();
            nanos[at] = key.nanos();
            highs[at] = key.high();
            lows[at] = key.low();
        }

        /** Moves the keys from {@code from} on by {@code shift} places (either way). */
        final void shiftKeys(int from, int shift) {
            int length = count - from;
            System.arraycopy(seconds, from, seconds, from + shift, length);
            System.arraycopy(nanos, from, nanos, from + shift, length);
            System.arraycopy(highs, from, highs, from + shift, length);
            System.arraycopy(lows, from, lows, from + shift, length);
        }
    }

    private static final class Leaf extends Node {
        final Object[] ids = new Object[MAX];
        Leaf next;
        Leaf previous;

        /** The first position whose entry is at or after the key ({@code count} if none). */
        int lowerBound(StartKey<?> key) {
            int low = 0;
            int high = count;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (compareAt(middle, key) < 0) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return low;
        }
    }

    private static final class Inner extends Node {
        final Node[] children = new Node[MAX];

        /** The child whose range holds the key: the last one whose lower bound is at or before it. */
        int childFor(StartKey<?> key) {
            int low = 1;
            int high = count;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (compareAt(middle, key) <= 0) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return low - 1;
        }
    }

    private Node root = new Leaf();
    private int height;
    private int size;
    /** Changes with every add and remove (an iterator re-finds its place after one). */
    private long changes;
    /** The inner nodes an add or remove went through, and the child it took in each (one writer at a time). */
    private Inner[] pathNodes = new Inner[0];
    private int[] pathSlots = new int[0];

    /** The leaf where {@code key} is or belongs, the way there in {@link #pathNodes} and {@link #pathSlots}. */
    private Leaf descend(StartKey<?> key) {
        if (pathNodes.length < height) {
            pathNodes = new Inner[height + 2];
            pathSlots = new int[height + 2];
        }
        Node node = root;
        for (int level = 0; level < height; level++) {
            Inner inner = (Inner) node;
            int child = inner.childFor(key);
            pathNodes[level] = inner;
            pathSlots[level] = child;
            node = inner.children[child];
        }
        return (Leaf) node;
    }

    /** How many keys the index holds. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Adds the key.
     *
     * @return false if an equal key (same start and id) was there
     */
    boolean add(StartKey<I> key) {
        Leaf leaf = descend(key);
        Inner[] path = pathNodes;
        int[] slots = pathSlots;
        int at = leaf.lowerBound(key);
        if (at < leaf.count && leaf.compareAt(at, key) == 0) {
            return false;
        }
        changes++;
        size++;
        if (leaf.count < MAX) {
            insertInLeaf(leaf, at, key);
            return true;
        }
        Leaf right = new Leaf();
        int half = at == MAX ? MAX : MAX / 2; // a key past the leaf's end starts a new leaf: appends fill leaves
        for (int i = half; i < MAX; i++) {
            leaf.copyKey(i, right, i - half);
            right.ids[i - half] = leaf.ids[i];
            leaf.ids[i] = null;
        }
        right.count = MAX - half;
        leaf.count = half;
        right.next = leaf.next;
        right.previous = leaf;
        if (leaf.next != null) {
            leaf.next.previous = right;
        }
        leaf.next = right;
        if (at < half || at == half && half < MAX) {
            insertInLeaf(leaf, at, key);
        } else {
            insertInLeaf(right, at - half, key);
        }
        Node newChild = right;
        int level = height - 1;
        while (newChild != null) {
            if (level < 0) {
                Inner top = new Inner();
                top.children[0] = root;
                top.children[1] = newChild;
                newChild.copyKey(0, top, 1);
                top.count = 2;
                root = top;
                height++;
                return true;
            }
            newChild = insertChild(path[level], slots[level] + 1, newChild);
            level--;
        }
        return true;
    }

    private static void insertInLeaf(Leaf leaf, int at, StartKey<?> key) {
        leaf.shiftKeys(at, 1);
        System.arraycopy(leaf.ids, at, leaf.ids, at + 1, leaf.count - at);
        leaf.setKey(at, key);
        leaf.ids[at] = key.id();
        leaf.count++;
    }

    /**
     * Puts {@code child} at {@code at} among the children of {@code parent}, its lower bound its first key.
     *
     * @return the new right half if the parent split, else null
     */
    private static Node insertChild(Inner parent, int at, Node child) {
        if (parent.count < MAX) {
            placeChild(parent, at, child);
            return null;
        }
        Inner right = new Inner();
        int half = at == MAX ? MAX - 1 : MAX / 2;
        for (int i = half; i < MAX; i++) {
            parent.copyKey(i, right, i - half);
            right.children[i - half] = parent.children[i];
            parent.children[i] = null;
        }
        right.count = MAX - half;
        parent.count = half;
        if (at <= half && at < MAX) {
            placeChild(parent, at, child);
        } else {
            placeChild(right, at - half, child);
        }
        // The right half's lower bound is its first child's: its key 0 carries it up.
        firstKeyOf(right.children[0], right, 0);
        return right;
    }

    private static void placeChild(Inner parent, int at, Node child) {
        parent.shiftKeys(at, 1);
        System.arraycopy(parent.children, at, parent.children, at + 1, parent.count - at);
        parent.children[at] = child;
        parent.count++;
        firstKeyOf(child, parent, at);
    }

    /** Copies the lowest key under {@code node} (in its first leaf: a leaf in the tree is never empty) into key {@code at} of {@code into}. */
    private static void firstKeyOf(Node node, Node into, int at) {
        Node first = node;
        while (first instanceof Inner inner) {
            first = inner.children[0];
        }
        first.copyKey(0, into, at);
    }

    /**
     * Removes the key.
     *
     * @return whether it was there
     */
    boolean remove(StartKey<?> key) {
        Leaf leaf = descend(key);
        Inner[] path = pathNodes;
        int[] slots = pathSlots;
        int at = leaf.lowerBound(key);
        if (at >= leaf.count || leaf.compareAt(at, key) != 0) {
            return false;
        }
        changes++;
        size--;
        leaf.shiftKeys(at + 1, -1);
        System.arraycopy(leaf.ids, at + 1, leaf.ids, at, leaf.count - at - 1);
        leaf.count--;
        leaf.ids[leaf.count] = null;
        if (leaf.count > 0 || height == 0) {
            return true;
        }
        // The leaf is empty: unlink it, and take it (and any inner node it empties) out of the tree.
        if (leaf.previous != null) {
            leaf.previous.next = leaf.next;
        }
        if (leaf.next != null) {
            leaf.next.previous = leaf.previous;
        }
        for (int level = height - 1; level >= 0; level--) {
            Inner parent = path[level];
            int child = slots[level];
            parent.shiftKeys(child + 1, -1);
            System.arraycopy(parent.children, child + 1, parent.children, child, parent.count - child - 1);
            parent.count--;
            parent.children[parent.count] = null;
            if (parent.count > 0) {
                break;
            }
        }
        while (height > 0 && ((Inner) root).count == 1) {
            root = ((Inner) root).children[0];
            height--;
        }
        if (height > 0 && ((Inner) root).count == 0) {
            root = new Leaf();
            height = 0;
        }
        return true;
    }

    /** Every key in order. */
    @Override
    public Iterator<StartKey<I>> iterator() {
        return range(null, true, null, false, false).iterator();
    }

    /**
     * The keys between two bounds, in order or in reverse order.
     *
     * @param from           the lower bound, or null for none
     * @param fromInclusive  whether a key equal to {@code from} is in
     * @param to             the upper bound, or null for none
     * @param toInclusive    whether a key equal to {@code to} is in
     * @param descending     highest first
     */
    Iterable<StartKey<I>> range(StartKey<?> from, boolean fromInclusive, StartKey<?> to, boolean toInclusive,
                                boolean descending) {
        return () -> new Cursor<>(this, from, fromInclusive, to, toInclusive, descending, true);
    }

    /** As {@link #range}, the ids only (no key made). */
    Iterable<I> ids(StartKey<?> from, boolean fromInclusive, StartKey<?> to, boolean toInclusive, boolean descending) {
        return () -> new Cursor<>(this, from, fromInclusive, to, toInclusive, descending, false);
    }

    /** The leaf where a key is or would be. */
    private Leaf leafFor(StartKey<?> key) {
        Node node = root;
        while (node instanceof Inner inner) {
            node = inner.children[inner.childFor(key)];
        }
        return (Leaf) node;
    }

    private Leaf firstLeaf() {
        Node node = root;
        while (node instanceof Inner inner) {
            node = inner.children[0];
        }
        return (Leaf) node;
    }

    private Leaf lastLeaf() {
        Node node = root;
        while (node instanceof Inner inner) {
            node = inner.children[inner.count - 1];
        }
        return (Leaf) node;
    }

    /**
     * Walks the leaves from a bound to the other; after a change to the index, finds its place again
     * after the last entry it returned.
     *
     * @param <I> the id type
     * @param <T> what it returns: keys or ids
     */
    private static final class Cursor<I, T> implements Iterator<T> {
        private final StartIndex<I> index;
        private final StartKey<?> from;
        private final boolean fromInclusive;
        private final StartKey<?> to;
        private final boolean toInclusive;
        private final boolean descending;
        private final boolean keys;
        private Leaf leaf;
        private int position;
        private long seen;
        /** Whether an entry was returned, and the last one's parts. */
        private boolean hasLast;
        private long lastSeconds;
        private int lastNanos;
        private long lastHigh;
        private long lastLow;
        private I lastId;
        private boolean ready;

        Cursor(StartIndex<I> index, StartKey<?> from, boolean fromInclusive, StartKey<?> to, boolean toInclusive,
               boolean descending, boolean keys) {
            this.index = index;
            this.from = from;
            this.fromInclusive = fromInclusive;
            this.to = to;
            this.toInclusive = toInclusive;
            this.descending = descending;
            this.keys = keys;
            if (descending) {
                seek(to, toInclusive);
            } else {
                seek(from, fromInclusive);
            }
        }

        /** Places the cursor at the first entry past {@code bound} in the walk's direction (the bound itself if inclusive). */
        private void seek(StartKey<?> bound, boolean inclusive) {
            seen = index.changes;
            ready = false;
            if (!descending) {
                if (bound == null) {
                    leaf = index.firstLeaf();
                    position = 0;
                } else {
                    leaf = index.leafFor(bound);
                    position = leaf.lowerBound(bound);
                    if (!inclusive && position < leaf.count && leaf.compareAt(position, bound) == 0) {
                        position++;
                    }
                }
            } else if (bound == null) {
                leaf = index.lastLeaf();
                position = leaf.count - 1;
            } else {
                leaf = index.leafFor(bound);
                position = leaf.lowerBound(bound);
                if (inclusive && position < leaf.count && leaf.compareAt(position, bound) == 0) {
                    position++;
                }
                position--;
            }
        }

        @Override
        public boolean hasNext() {
            if (ready) {
                return true;
            }
            if (seen != index.changes) {
                if (hasLast) {
                    seek(lastKey(), false);
                } else {
                    seek(descending ? to : from, descending ? toInclusive : fromInclusive);
                }
            }
            while (leaf != null) {
                if (descending ? position < 0 : position >= leaf.count) {
                    leaf = descending ? leaf.previous : leaf.next;
                    if (leaf != null) {
                        position = descending ? leaf.count - 1 : 0;
                    }
                    continue;
                }
                boolean past = descending
                        ? from != null && (fromInclusive ? leaf.compareAt(position, from) < 0 : leaf.compareAt(position, from) <= 0)
                        : to != null && (toInclusive ? leaf.compareAt(position, to) > 0 : leaf.compareAt(position, to) >= 0);
                if (past) {
                    leaf = null;
                    return false;
                }
                ready = true;
                return true;
            }
            return false;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ready = false;
            Leaf at = leaf;
            int i = position;
            position += descending ? -1 : 1;
            I id = (I) at.ids[i];
            hasLast = true;
            lastSeconds = at.seconds[i];
            lastNanos = at.nanos[i];
            lastHigh = at.highs[i];
            lastLow = at.lows[i];
            lastId = id;
            return keys ? (T) lastKey() : (T) id;
        }

        private StartKey<I> lastKey() {
            return new StartKey<>(lastSeconds, lastNanos, lastId, lastHigh, lastLow);
        }
    }
}
