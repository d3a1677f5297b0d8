package dev.dbrestore.pipelines.progress;

import java.util.concurrent.atomic.AtomicLong;

/** Rows and bytes a stage adds up itself as it finishes each piece (a table verified). */
public final class Tally implements ProgressSource {
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  /** One more piece done. */
  public void add(long moreRows, long moreBytes) {
    rows.addAndGet(moreRows);
    bytes.addAndGet(moreBytes);
  }

  @Override
  public Done poll() {
    return new Done(rows.get(), bytes.get());
  }
}
