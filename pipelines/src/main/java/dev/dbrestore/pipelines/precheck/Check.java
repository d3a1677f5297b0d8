package dev.dbrestore.pipelines.precheck;

/**
 * The items of the pre-check, each with its number, its name as the report and {@code precheck
 * --help} give it, and its level: the most it reports once checked (an item that could not be
 * checked is a failure whatever its level).
 */
public enum Check {
  TARGET_REACHABLE(1, "target reachable", PreCheck.Result.FAILURE),
  SAME_KIND(2, "same kind of database", PreCheck.Result.FAILURE),
  TARGET_VERSION(3, "target version", PreCheck.Result.FAILURE),
  PRIVILEGES(4, "privileges", PreCheck.Result.FAILURE),
  SAME_NAME_OBJECTS(5, "same-name objects", PreCheck.Result.FAILURE),
  EXISTING_ROWS(6, "existing rows", PreCheck.Result.FAILURE),
  MAPPING_WITH_VIEWS(7, "mapping with views or routines", PreCheck.Result.FAILURE),
  BACKUP_SET_COMPLETE(8, "backup set complete", PreCheck.Result.FAILURE),
  CHARACTER_SETS(9, "character sets and collations", PreCheck.Result.FAILURE),
  MAX_ALLOWED_PACKET(10, "max_allowed_packet", PreCheck.Result.FAILURE),
  LOWER_CASE_TABLE_NAMES(11, "lower_case_table_names", PreCheck.Result.FAILURE),
  TARGET_WRITABLE(12, "target writable", PreCheck.Result.FAILURE),
  TABLES_WITHOUT_PRIMARY_KEY(13, "tables without primary key", PreCheck.Result.WARNING),
  DEFINERS_AND_FOREIGN_KEYS(14, "definers and foreign keys", PreCheck.Result.WARNING),
  DATA_ONLY_TARGET_TABLES(15, "data-only target tables", PreCheck.Result.FAILURE),
  IDENTIFIERS(16, "identifiers", PreCheck.Result.FAILURE),
  STATEMENTS(17, "statements in the backup set", PreCheck.Result.FAILURE),
  SIGNATURE(18, "signature", PreCheck.Result.FAILURE),
  PRIVATE_FILES(19, "private files", PreCheck.Result.WARNING),
  EVENTS(20, "events", PreCheck.Result.WARNING),
  OBJECT_SELECTION(21, "object selection", PreCheck.Result.FAILURE),
  POINT_IN_TIME_IN_WINDOW(22, "point in time inside the window", PreCheck.Result.FAILURE),
  LOG_WITHOUT_GAP(23, "no gap in the log", PreCheck.Result.FAILURE),
  LOG_SEGMENTS_COMPLETE(24, "log segments complete", PreCheck.Result.FAILURE),
  SOURCE_CHANGE_LOG(25, "source keeps a change log", PreCheck.Result.FAILURE),
  NEW_OR_EMPTY_TABLES(26, "restored tables new or empty", PreCheck.Result.FAILURE),
  LOG_STATEMENTS(27, "structure statements in the log", PreCheck.Result.FAILURE);

  private final int number;
  private final String title;
  private final PreCheck.Result level;

  Check(int number, String title, PreCheck.Result level) {
    this.number = number;
    this.title = title;
    this.level = level;
  }

  /** The item's number, as task files' acceptWarnings and the messages name it. */
  public int number() {
    return number;
  }

  /** The item's name in the report, e.g. "target reachable". */
  public String title() {
    return title;
  }

  /** The most the item reports once checked: a warning item never blocks an accepted task. */
  public PreCheck.Result level() {
    return level;
  }
}
