package org.patientportal.core;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of any list the portal returns, in the list's own order, with an opaque cursor for the
 * next page. Every list in the public API is paged this way (keyset pagination: a page costs the
 * same however many rows the store holds).
 *
 * <pre>{@code
 * PageRequest request = PageRequest.first(20);
 * Page<AppointmentView> page;
 * do {
 *     page = portal.scheduling().upcoming(me, patient, request);
 *     page.items().forEach(this::show);
 *     request = page.nextRequest(20);
 * } while (page.hasNext());
 * }</pre>
 *
 * @param items      the items of this page, at most the size asked for
 * @param nextCursor the cursor to pass in {@link PageRequest#after} for the next page, absent when
 *                   this is the last page; opaque, valid only for the list that returned it
 * @param <T>        the item type
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {

    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    /**
     * A last page (no next cursor).
     *
     * @param items the items
     * @param <T>   the item type
     * @return the page
     */
    public static <T> Page<T> last(List<T> items) {
        return new Page<>(items, null);
    }

    /** @return whether there is a next page */
    public boolean hasNext() {
        return nextCursor != null;
    }

    /**
     * The request for the next page.
     *
     * @param size the next page's size
     * @return the request for the page after this one
     * @throws IllegalStateException if this is the last page
     */
    public PageRequest nextRequest(int size) {
        if (nextCursor == null) {
            throw new IllegalStateException("this is the last page");
        }
        return PageRequest.after(nextCursor, size);
    }

    /**
     * This page with each item mapped, the cursor unchanged.
     *
     * @param mapper the mapping
     * @param <R>    the new item type
     * @return the mapped page
     */
    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), nextCursor);
    }
}
