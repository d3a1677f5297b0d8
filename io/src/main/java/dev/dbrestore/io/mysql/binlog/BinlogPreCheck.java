package dev.dbrestore.io.mysql.binlog;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.ChangeLogReader.Position;
import dev.dbrestore.io.jdbc.ChangeLogReader.ServerLog;
import dev.dbrestore.io.jdbc.ChangeLogReader;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.mysql.MySqlSnapshot;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The capture pre-check: every server setting that the binary log must have for capture to be
 * exact, each refused with the setting named and the statement that fixes it.
 */
final class BinlogPreCheck {
  private BinlogPreCheck() {}

  static ServerLog run(Statement s, ConnectionSpec source, Position start) throws SQLException {
    String where = " on " + source.address();
    if (!"1".equals(global(s, "log_bin")) && !"ON".equalsIgnoreCase(global(s, "log_bin"))) {
      throw new UserError(
          "The binary log is off" + where + ": there is nothing to capture. Start the server with"
              + " --log-bin (and --server-id), then take a new full backup.");
    }
    requireSetting(s, where, "binlog_format", "ROW",
        "SET GLOBAL binlog_format=ROW (and binlog_format=ROW in the server's configuration)");
    requireSetting(s, where, "binlog_row_image", "FULL",
        "SET GLOBAL binlog_row_image=FULL (and in the server's configuration)");
    String metadata = globalOrNull(s, "binlog_row_metadata");
    if (metadata == null) {
      throw new UserError(
          "The server" + where + " has no binlog_row_metadata setting (MariaDB 10.5 and MySQL 8.0"
              + " have it), so its binary log does not name columns; capture needs a newer"
              + " server.");
    }
    requireSetting(s, where, "binlog_row_metadata", "FULL",
        "SET GLOBAL binlog_row_metadata=FULL (and in the server's configuration)");
    String compress = globalOrNull(s, "log_bin_compress");
    if (compress != null && (compress.equals("1") || compress.equalsIgnoreCase("ON"))) {
      throw new UserError(
          "The server" + where + " compresses its binary log events (log_bin_compress=ON), which"
              + " capture cannot read; run SET GLOBAL log_bin_compress=OFF (and in the server's"
              + " configuration).");
    }
    String transactionCompression = globalOrNull(s, "binlog_transaction_compression");
    if (transactionCompression != null
        && (transactionCompression.equals("1") || transactionCompression.equalsIgnoreCase("ON"))) {
      throw new UserError(
          "The server" + where + " compresses its transactions in the binary log"
              + " (binlog_transaction_compression=ON), which capture cannot read exactly; run"
              + " SET GLOBAL binlog_transaction_compression=OFF (and in the server's"
              + " configuration).");
    }
    checkPrivileges(s, source, where);
    List<String> files = new ArrayList<>();
    try (ResultSet r = s.executeQuery("SHOW BINARY LOGS")) {
      while (r.next()) {
        files.add(r.getString(1));
      }
    }
    if (!files.contains(start.file())) {
      throw new ChangeLogReader.LogPurged(
          "The server" + where + " no longer has the binary log file " + start.file()
              + " where capture must start (" + start + "; its oldest is "
              + (files.isEmpty() ? "none" : files.get(0)) + "): it has been purged, so the"
              + " restorable window would have a gap.",
          start);
    }
    Position end = null;
    try (ResultSet r = MySqlSnapshot.binaryLogStatus(s)) {
      if (r.next()) {
        end = new Position(r.getString(1), r.getLong(2));
      }
    }
    if (end == null) {
      throw new UserError("The server" + where + " reports no binary log position.");
    }
    if (end.compareTo(start) < 0) {
      throw new UserError(
          "The server" + where + " ends its binary log at " + end + ", before " + start
              + " where capture must start: this is not the server the backups were taken from,"
              + " or its log was reset.");
    }
    String gtid = globalOrNull(s, "gtid_current_pos");
    if (gtid == null) {
      gtid = globalOrNull(s, "gtid_executed");
    }
    return new ServerLog(end, global(s, "server_id"), gtid);
  }

  private static void checkPrivileges(Statement s, ConnectionSpec source, String where)
      throws SQLException {
    StringBuilder grants = new StringBuilder();
    try (ResultSet r = s.executeQuery("SHOW GRANTS")) {
      while (r.next()) {
        String grant = r.getString(1).toUpperCase(Locale.ROOT);
        if (grant.contains(" ON *.* ")) {
          grants.append(grant).append('\n');
        }
      }
    }
    String all = grants.toString();
    boolean everything = all.contains("ALL PRIVILEGES");
    boolean slave =
        everything || all.contains("REPLICATION SLAVE") || all.contains("REPLICATION REPLICA");
    boolean client =
        everything
            || all.contains("REPLICATION CLIENT")
            || all.contains("BINLOG MONITOR")
            || all.contains("SUPER");
    if (!slave || !client) {
      List<String> missing = new ArrayList<>();
      if (!slave) {
        missing.add("REPLICATION SLAVE");
      }
      if (!client) {
        missing.add("REPLICATION CLIENT (BINLOG MONITOR on MariaDB)");
      }
      throw new UserError(
          "The account " + source.user() + where + " may not read the binary log as a replica:"
              + " it lacks " + String.join(" and ", missing) + ". Run GRANT "
              + (slave ? "" : "REPLICATION SLAVE") + (!slave && !client ? ", " : "")
              + (client ? "" : "REPLICATION CLIENT") + " ON *.* TO the capture account.");
    }
  }

  private static void requireSetting(
      Statement s, String where, String name, String wanted, String fix) throws SQLException {
    String value = global(s, name);
    if (!wanted.equalsIgnoreCase(value)) {
      throw new UserError(
          "The server" + where + " has " + name + "=" + value + "; capture needs " + name + "="
              + wanted + ". Run " + fix + ", then take a new full backup.");
    }
  }

  private static String global(Statement s, String name) throws SQLException {
    String value = globalOrNull(s, name);
    if (value == null) {
      throw new UserError("The server has no setting " + name + ".");
    }
    return value;
  }

  private static String globalOrNull(Statement s, String name) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT @@GLOBAL." + name)) {
      return r.next() ? r.getString(1) : null;
    } catch (SQLException unknown) {
      if (unknown.getErrorCode() == 1193) {
        return null;
      }
      throw unknown;
    }
  }
}
