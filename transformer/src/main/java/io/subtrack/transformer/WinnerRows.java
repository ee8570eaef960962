package io.subtrack.transformer;

import java.util.Arrays;

/**
 * The row ids of a table's deduplication winners, sorted. A table is scanned in row-id order, so a
 * cursor walks them with the rows: no hash look-up (a cache miss) per row.
 */
final class WinnerRows {
    private final long[] rows;
    private int pos;

    WinnerRows(KeyIndex winners) {
        this.rows = winners.winnerRowIds();
    }

    boolean contains(long rowId) {
        if (pos > 0 && rows[pos - 1] >= rowId) {
            // not in row-id order after all: find the place again
            int i = Arrays.binarySearch(rows, rowId);
            pos = i >= 0 ? i : -i - 1;
        }
        while (pos < rows.length && rows[pos] < rowId) pos++;
        return pos < rows.length && rows[pos] == rowId;
    }
}
