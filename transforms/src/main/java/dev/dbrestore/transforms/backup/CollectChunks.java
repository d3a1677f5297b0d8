package dev.dbrestore.transforms.backup;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;

/** Gathers every exported chunk into one list, empty when there were none. */
public final class CollectChunks
    extends Combine.CombineFn<ExportedChunk, ArrayList<ExportedChunk>, List<ExportedChunk>> {
  private static final long serialVersionUID = 1L;

  @Override
  public ArrayList<ExportedChunk> createAccumulator() {
    return new ArrayList<>();
  }

  @Override
  public ArrayList<ExportedChunk> addInput(
      ArrayList<ExportedChunk> accumulator, ExportedChunk input) {
    accumulator.add(input);
    return accumulator;
  }

  @Override
  public ArrayList<ExportedChunk> mergeAccumulators(Iterable<ArrayList<ExportedChunk>> all) {
    ArrayList<ExportedChunk> merged = new ArrayList<>();
    all.forEach(merged::addAll);
    return merged;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Coder<ArrayList<ExportedChunk>> getAccumulatorCoder(
      CoderRegistry registry, Coder<ExportedChunk> inputCoder) {
    return (Coder) SerializableCoder.of(ArrayList.class);
  }

  @Override
  public List<ExportedChunk> extractOutput(ArrayList<ExportedChunk> accumulator) {
    return accumulator;
  }
}
