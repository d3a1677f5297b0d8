package dev.dbrestore.io.parquet;

import dev.dbrestore.io.format.Manifest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The Parquet (Avro) schema of a table's chunks: one optional field per stored column, in the
 * manifest's column order. A field takes the column's name where Avro allows it and
 * {@code _c<position>} otherwise; the property {@code column} always holds the real name.
 */
public final class ChunkSchema {
  private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ChunkSchema() {}

  public static Schema of(List<Manifest.Column> storedColumns) {
    SchemaBuilder.FieldAssembler<Schema> fields =
        SchemaBuilder.record("row").namespace("dev.dbrestore.chunk").fields();
    Set<String> used = new HashSet<>();
    for (int i = 0; i < storedColumns.size(); i++) {
      Manifest.Column column = storedColumns.get(i);
      String name = column.name();
      if (!AVRO_NAME.matcher(name).matches()
          || name.startsWith("_c")
          || !used.add(name.toLowerCase(Locale.ROOT))) {
        name = "_c" + i;
      }
      Schema type =
          switch (column.encoding()) {
            case LONG -> Schema.create(Schema.Type.LONG);
            case FLOAT -> Schema.create(Schema.Type.FLOAT);
            case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
            case TEXT, SERVER_TEXT -> Schema.create(Schema.Type.STRING);
            case BYTES -> Schema.create(Schema.Type.BYTES);
          };
      fields =
          fields
              .name(name)
              .prop("column", column.name())
              .type(Schema.createUnion(Schema.create(Schema.Type.NULL), type))
              .withDefault(null);
    }
    return fields.endRecord();
  }
}
