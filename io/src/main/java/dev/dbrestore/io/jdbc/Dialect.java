package dev.dbrestore.io.jdbc;

import java.io.Serializable;
import java.util.Optional;
import java.util.Set;

/**
 * Everything that differs between database kinds, one implementation per kind, composed of the
 * roles its callers need: connecting, naming, reading a backup's catalog and snapshot, values,
 * writing rows, checking and creating structure, probing a target, the journal, errors and a
 * drill's scratch target.
 * Capabilities not every kind has are optional ({@link #bulkLoader()}, {@link
 * #changeLogReader()}, {@link #changeWriter()}).
 */
public interface Dialect
    extends Serializable,
        ConnectionSettings,
        SqlSyntax,
        CatalogReader,
        SnapshotSource,
        ValueCodec,
        RowWriter,
        StatementChecker,
        SchemaWriter,
        TargetProbe,
        JournalStatements,
        ErrorClassifier,
        ScratchStatements {

  /** The dialect for a JDBC URL (see {@link Dialects}). */
  static Dialect forUrl(String jdbcUrl) {
    return Dialects.forUrl(jdbcUrl);
  }

  /** The kinds of server this dialect serves, as a data-source file names them. */
  Set<String> kinds();

  /** Whether a JDBC URL is one this dialect connects with. */
  boolean acceptsUrl(String jdbcUrl);

  /** A JDBC URL of this dialect's form for a host, for help texts and messages. */
  String exampleUrl(String host);

  /** The bulk loader, where this kind of database has one. */
  Optional<BulkLoader> bulkLoader();

  /** The reader of this kind's change log, for capture, where it keeps one. */
  default Optional<ChangeLogReader> changeLogReader() {
    return Optional.empty();
  }

  /** The writer of captured changes into a target of this kind, for replay, where it has one. */
  default Optional<ChangeWriter> changeWriter() {
    return Optional.empty();
  }

  /** A server of this kind that runs from this tool's own jar, where there is one. */
  default Optional<EmbeddedDatabase> embedded() {
    return Optional.empty();
  }

  /**
   * The qualified name of an object entry ("kind `db`.`name`", as {@link #existingObjects} and
   * the journal give them), in lower case for comparing.
   */
  static String objectName(String entry) {
    return entry.substring(entry.indexOf(' ') + 1).toLowerCase(java.util.Locale.ROOT);
  }
}
