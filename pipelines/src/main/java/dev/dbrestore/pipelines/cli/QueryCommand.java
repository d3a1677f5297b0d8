package dev.dbrestore.pipelines.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.query.BackupSetQuery;
import dev.dbrestore.io.query.QueryRows;
import dev.dbrestore.pipelines.SigningKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dbrestore query}: SQL over a backup set's chunks, without restoring it. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one SQL query over a backup set's chunks with DuckDB, in memory, without restoring"
          + " it and without a server. Each table of the set is a view db.table with its columns"
          + " under their own names; the SQL is DuckDB's.",
      "Example:",
      "  dbrestore query --backup-set /backups/s1 \\",
      "      \"SELECT count(*), sum(amount) FROM sakila.payment\"",
      "  dbrestore query --backup-set 20261125-150102-3fa9 --format csv \\",
      "      \"SELECT * FROM shop.orders WHERE total > 100\"",
      "",
      "Types: integers as the DuckDB integer of the same range (BIGINT UNSIGNED as UBIGINT),"
          + " DECIMAL as DECIMAL (exact; one wider than 38 digits stays exact text), FLOAT and"
          + " DOUBLE bit for bit, DATE as DATE, DATETIME as TIMESTAMP, TIMESTAMP as TIMESTAMP WITH"
          + " TIME ZONE in UTC, TIME as INTERVAL (DuckDB's TIME holds no negative or 24-hour-plus"
          + " value), YEAR as SMALLINT, BIT as UBIGINT, text as VARCHAR decoded from its"
          + " character set (single-byte sets such as latin1; a multi-byte one such as sjis stays"
          + " BLOB), JSON as JSON, BLOB, BINARY and spatial values as BLOB. Zero and invalid"
          + " dates read as NULL. Generated columns are not in a set; its views, routines and"
          + " triggers are the source server's SQL and cannot be queried (`dbrestore backups"
          + " show` lists them)."
          + " A note on standard error names each column, of the tables the query names, that"
          + " reads otherwise than exactly.",
      "Read-only: only one SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW or SUMMARIZE statement"
          + " (or EXPLAIN of one) runs, and DuckDB may then open no file but the set's chunks"
          + " and a temporary folder of its own."
          + " Before it runs, every chunk's size is checked, and the chunks of every table the"
          + " query names are checked against the manifest (SHA-256, columns) as a restore checks"
          + " them: a damaged one is refused. With a signing key the set's signature is checked"
          + " first; without one, a signed set is read with a note that its signature was not"
          + " checked."
    })
public final class QueryCommand implements Callable<Integer> {
  /** How the result is printed. */
  enum Format {
    table,
    csv,
    json
  }

  @Parameters(index = "0", paramLabel = "SQL", description = "The query, in DuckDB's SQL.")
  String sql;

  @Option(names = "--backup-set", required = true, paramLabel = "DIR|ID",
      description = "The backup set: a folder, or a set id in the backup repository.")
  String backupSet;

  @Mixin SetArgument lookup;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (the default), csv (RFC 4180 with a header; NULL is an empty field,"
          + " an empty text \"\"), or json (an array of objects, numbers as JSON numbers).")
  Format format;

  @Option(names = "--signing-key-env", paramLabel = "VAR",
      description = "Refuse the set unless it is signed with the key in this variable.")
  String signingKeyEnv;

  @Option(names = "--signing-key-file", paramLabel = "FILE",
      description = "Refuse the set unless it is signed with the key in this file.")
  String signingKeyFile;

  @Option(names = "--verbose", description = "Print stack traces.")
  boolean verbose;

  @Override
  public Integer call() {
    FileWarnings.warnIfReadableByOthers("signing key file", signingKeyFile);
    byte[] key = SigningKeys.resolve(signingKeyEnv, signingKeyFile);
    BackupSet set = lookup.open(backupSet);
    PrintStream out = System.out;
    QueryRows rows =
        switch (format) {
          case table -> new TableRows(out);
          case csv -> new CsvRows(out);
          case json -> new JsonRows(out);
        };
    try {
      BackupSetQuery.over(set).withSigningKey(key).withNotices(QueryCommand::note).run(sql, rows);
    } finally {
      if (key != null) {
        Arrays.fill(key, (byte) 0);
      }
    }
    out.flush();
    return 0;
  }

  private static void note(String sentence) {
    System.err.println("dbrestore: note: " + sentence);
  }

  /**
   * Aligned columns, a rule under the header, and the row count: for reading. Columns are as
   * wide as their first {@value TableRows#SIZED_BY} rows need, so a large result streams.
   */
  static final class TableRows implements QueryRows {
    /** Rows held to size the columns; later rows are printed as they come, in those widths. */
    static final int SIZED_BY = 1000;

    private final PrintStream out;
    private List<Column> columns;
    private final List<String[]> held = new ArrayList<>();
    private boolean[] numeric;
    private int[] widths;
    private long count;

    TableRows(PrintStream out) {
      this.out = out;
    }

    @Override
    public void columns(List<Column> columns) {
      this.columns = columns;
      numeric = new boolean[columns.size()];
    }

    @Override
    public void row(List<Object> values) {
      String[] row = new String[values.size()];
      for (int i = 0; i < row.length; i++) {
        Object value = values.get(i);
        numeric[i] |= value instanceof Number;
        row[i] = visible(QueryRows.text(value));
      }
      count++;
      if (widths != null) {
        print(row);
        return;
      }
      held.add(row);
      if (held.size() == SIZED_BY) {
        printHeld();
      }
    }

    @Override
    public void end() {
      if (widths == null) {
        printHeld();
      }
      out.println("(" + count + (count == 1 ? " row)" : " rows)"));
    }

    private void printHeld() {
      widths = new int[columns.size()];
      for (int i = 0; i < widths.length; i++) {
        widths[i] = columns.get(i).name().length();
        for (String[] row : held) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      StringBuilder header = new StringBuilder();
      StringBuilder rule = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        header.append(i == 0 ? "" : "  ").append(pad(columns.get(i).name(), widths[i], false));
        rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
      }
      out.println(header.toString().stripTrailing());
      out.println(rule);
      held.forEach(this::print);
      held.clear();
    }

    private void print(String[] row) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(i == 0 ? "" : "  ").append(pad(row[i], widths[i], numeric[i]));
      }
      out.println(line.toString().stripTrailing());
    }

    /**
     * One line per row, and nothing a terminal would act on: line breaks, tabs and every other
     * control character (an escape sequence in a set's text, say) are shown escaped, as DuckDB
     * shows a BLOB's bytes; csv and json keep every value exactly.
     */
    static String visible(String text) {
      StringBuilder shown = new StringBuilder(text.length());
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '\n' -> shown.append("\\n");
          case '\r' -> shown.append("\\r");
          case '\t' -> shown.append("\\t");
          default -> {
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
              shown.append(String.format(Locale.ROOT, "\\x%02X", (int) c));
            } else {
              shown.append(c);
            }
          }
        }
      }
      return shown.toString();
    }

    private static String pad(String text, int width, boolean right) {
      String space = " ".repeat(Math.max(0, width - text.length()));
      return right ? space + text : text + space;
    }
  }

  /** RFC 4180: a header line, fields quoted where needed, NULL an empty unquoted field. */
  static final class CsvRows implements QueryRows {
    private final PrintStream out;

    CsvRows(PrintStream out) {
      this.out = out;
    }

    @Override
    public void columns(List<Column> columns) {
      line(columns.stream().map(c -> field(c.name())).toList());
    }

    @Override
    public void row(List<Object> values) {
      line(values.stream().map(v -> v == null ? "" : field(QueryRows.text(v))).toList());
    }

    private void line(List<String> fields) {
      out.print(String.join(",", fields));
      out.print("\r\n");
    }

    private static String field(String text) {
      boolean quote = text.isEmpty() || text.chars().anyMatch(c -> c == ',' || c == '"'
          || c == '\n' || c == '\r') || !text.strip().equals(text);
      return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
  }

  /** One JSON array of row objects, keyed by column label; written as the rows come. */
  static final class JsonRows implements QueryRows {
    private final JsonGenerator json;
    private List<Column> columns;

    JsonRows(OutputStream out) {
      try {
        json = new JsonFactory().createGenerator(
            new java.io.FilterOutputStream(out) {
              @Override
              public void close() throws IOException {
                flush(); // System.out stays open.
              }
            },
            JsonEncoding.UTF8);
        json.useDefaultPrettyPrinter();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void columns(List<Column> columns) {
      this.columns = columns;
      try {
        json.writeStartArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void row(List<Object> values) {
      try {
        json.writeStartObject();
        for (int i = 0; i < values.size(); i++) {
          json.writeFieldName(columns.get(i).name());
          write(values.get(i));
        }
        json.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void write(Object value) throws IOException {
      if (value == null) {
        json.writeNull();
      } else if (value instanceof Boolean b) {
        json.writeBoolean(b);
      } else if (value instanceof BigDecimal d) {
        json.writeNumber(d);
      } else if (value instanceof BigInteger i) {
        json.writeNumber(i);
      } else if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) {
        json.writeNumber(d);
      } else if (value instanceof Float f && !f.isNaN() && !f.isInfinite()) {
        json.writeNumber(f);
      } else if (value instanceof Long || value instanceof Integer || value instanceof Short
          || value instanceof Byte) {
        json.writeNumber(((Number) value).longValue());
      } else {
        // NaN and infinities have no JSON number: they are written as text, as is all else.
        json.writeString(value.toString());
      }
    }

    @Override
    public void end() {
      try {
        json.writeEndArray();
        json.writeRaw('\n');
        json.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
