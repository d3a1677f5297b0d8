package dev.dbrestore.io.parquet;

import java.util.List;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

/**
 * Converters that take nothing, for readers that walk Parquet's column readers themselves: a
 * column read store needs a converter for every column, but values read with getters never
 * pass through it.
 */
final class SkippingConverters {
  private SkippingConverters() {}

  /** A converter tree with the shape of {@code schema}, flat or nested. */
  static GroupConverter of(GroupType schema) {
    List<Converter> fields =
        schema.getFields().stream().map(SkippingConverters::of).toList();
    return new GroupConverter() {
      @Override
      public Converter getConverter(int fieldIndex) {
        return fields.get(fieldIndex);
      }

      @Override
      public void start() {}

      @Override
      public void end() {}
    };
  }

  private static Converter of(Type type) {
    return type.isPrimitive() ? new PrimitiveConverter() {} : of(type.asGroupType());
  }
}
