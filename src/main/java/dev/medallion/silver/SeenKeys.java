package dev.medallion.silver;

/**
 * The business keys a silver table holds from a point in event time on ({@link #horizon}): each
 * silver row's key fingerprint, {@code order-by} value and bronze position, kept in the driver
 * between micro-batches so deduplication answers "is this key in silver under other coordinates?"
 * without reading silver. A cache of the table, never its own truth: it is filled from silver when
 * a flow starts and extended only with rows silver has committed.
 *
 * <p>Rows older than twice the dedup window before the newest are evicted, so memory follows the
 * window, not the table; 100 to 170 bytes per key. A batch whose window reaches behind the horizon
 * is answered from silver instead (see {@link Deduplicator}).
 */
final class SeenKeys {
  /** Bytes the index holds per key, on average (arrays grow by doubling). */
  static final long BYTES_PER_KEY = 128;

  private static final int NONE = FingerprintMap.ABSENT;

  private final long retentionMicros;
  private FingerprintMap heads;
  private long[] high;
  private long[] low;
  private long[] order;
  private long[] offset;
  private int[] partition;
  private int[] topic;
  private int[] next;
  private int size;
  private long horizon;
  private long newest = KeyRows.NO_ORDER;

  /**
   * An index holding every silver row whose {@code order-by} value is at least {@code horizon}.
   *
   * @param retentionMicros how far behind the newest {@code order-by} value rows are kept
   */
  SeenKeys(long horizon, long retentionMicros) {
    this.horizon = horizon;
    this.retentionMicros = retentionMicros;
    allocate(1024);
  }

  int size() {
    return size;
  }

  /** Rows with an {@code order-by} value below it may be missing. */
  long horizon() {
    return horizon;
  }

  /** Whether every silver row with an {@code order-by} value of at least {@code from} is held. */
  boolean covers(long from) {
    return from >= horizon;
  }

  /**
   * Whether silver holds the fingerprint with an {@code order-by} value of at least {@code from}
   * under a bronze position other than row {@code i} of {@code rows}.
   */
  boolean heldElsewhere(long keyHigh, long keyLow, long from, KeyRows rows, int i) {
    for (int entry = heads.get(keyHigh, keyLow); entry != NONE; entry = next[entry]) {
      if (order[entry] >= from
          && (partition[entry] != rows.partition[i]
              || offset[entry] != rows.offset[i]
              || topic[entry] != rows.topic[i])) {
        return true;
      }
    }
    return false;
  }

  /** Adds row {@code i} of {@code rows}, which silver has committed. */
  void add(KeyRows rows, int i) {
    if (rows.nullKey[i] || rows.order[i] == KeyRows.NO_ORDER || rows.order[i] < horizon) {
      return; // never looked up: NULL keys match nothing, and the window needs an order value
    }
    if (size == order.length) {
      evictOrGrow();
    }
    int entry = size++;
    high[entry] = rows.high[i];
    low[entry] = rows.low[i];
    order[entry] = rows.order[i];
    offset[entry] = rows.offset[i];
    partition[entry] = rows.partition[i];
    topic[entry] = rows.topic[i];
    next[entry] = heads.put(rows.high[i], rows.low[i], entry);
    newest = Math.max(newest, rows.order[i]);
  }

  /** Bytes held. */
  long bytes() {
    return heads.bytes() + (long) order.length * (8 * 4 + 4 * 3);
  }

  /**
   * Makes room: drops the rows behind the newest by more than the retention and raises the
   * horizon to there; grows the arrays when that frees less than a quarter.
   */
  private void evictOrGrow() {
    long keepFrom = newest == KeyRows.NO_ORDER ? horizon : Math.max(horizon, newest - retentionMicros);
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (order[i] >= keepFrom) {
        kept++;
      }
    }
    int capacity = kept * 4 > order.length * 3 ? order.length * 2 : order.length;
    long[] oldHigh = high;
    long[] oldLow = low;
    long[] oldOrder = order;
    long[] oldOffset = offset;
    int[] oldPartition = partition;
    int[] oldTopic = topic;
    int oldSize = size;
    allocate(capacity);
    horizon = keepFrom;
    size = 0;
    for (int i = 0; i < oldSize; i++) {
      if (oldOrder[i] >= keepFrom) {
        int entry = size++;
        high[entry] = oldHigh[i];
        low[entry] = oldLow[i];
        order[entry] = oldOrder[i];
        offset[entry] = oldOffset[i];
        partition[entry] = oldPartition[i];
        topic[entry] = oldTopic[i];
        next[entry] = heads.put(high[entry], low[entry], entry);
      }
    }
  }

  private void allocate(int capacity) {
    heads = new FingerprintMap(capacity);
    high = new long[capacity];
    low = new long[capacity];
    order = new long[capacity];
    offset = new long[capacity];
    partition = new int[capacity];
    topic = new int[capacity];
    next = new int[capacity];
  }
}
