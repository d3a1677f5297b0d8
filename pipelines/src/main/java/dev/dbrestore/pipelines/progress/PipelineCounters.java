package dev.dbrestore.pipelines.progress;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Rows done from a running pipeline's Beam counters (their attempted values, which every runner
 * that answers while a job runs gives), summed over the pipelines run one after another. Where
 * the runner returns from {@code run()} only when the job has ended (FlinkRunner attached, as
 * dbrestore runs it), the figures move once per pipeline.
 */
public final class PipelineCounters implements ProgressSource {
  private final String namespace;
  private final String rowsCounter;
  private volatile PipelineResult running;
  private volatile long before;

  /** Counts the counter {@code namespace}/{@code rowsCounter}, or all of the namespace's. */
  public PipelineCounters(String namespace, String rowsCounter) {
    this.namespace = namespace;
    this.rowsCounter = rowsCounter;
  }

  /** The pipeline now running. */
  public void running(PipelineResult result) {
    running = result;
  }

  /** The running pipeline has ended: its rows are kept, and the next one counts on from them. */
  public void ended() {
    PipelineResult result = running;
    if (result != null) {
      before += rows(result);
      running = null;
    }
  }

  @Override
  public Done poll() {
    PipelineResult result = running;
    return new Done(before + (result == null ? 0 : rows(result)), 0);
  }

  private long rows(PipelineResult result) {
    MetricQueryResults metrics =
        result.metrics().queryMetrics(
            MetricsFilter.builder()
                .addNameFilter(rowsCounter == null
                    ? MetricNameFilter.inNamespace(namespace)
                    : MetricNameFilter.named(namespace, rowsCounter))
                .build());
    long rows = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      Long attempted = counter.getAttempted();
      rows += attempted == null ? 0 : attempted;
    }
    return rows;
  }
}
