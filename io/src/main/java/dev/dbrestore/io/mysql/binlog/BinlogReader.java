package dev.dbrestore.io.mysql.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderV4Deserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.ChangeLogReader;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.Dialect;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a MySQL or MariaDB binary log as a replica does, into whole transactions. */
public final class BinlogReader implements ChangeLogReader {
  /** Held so its level stays set: the library logs every connect through java.util.logging. */
  private static final java.util.logging.Logger LIBRARY_LOG =
      java.util.logging.Logger.getLogger("com.github.shyiko.mysql.binlog");
  private static final Pattern HOST_PORT =
      Pattern.compile("jdbc:mysql://(\\[[^\\]]+\\]|[^/:?,]+)(?::(\\d+))?.*");

  @Override
  public ServerLog check(ConnectionSpec source, Position start) {
    try (Connection c = source.openOrExplain(Dialect.forUrl(source.jdbcUrl()), Map.of(), "source");
        Statement s = c.createStatement()) {
      return BinlogPreCheck.run(s, source, start);
    } catch (SQLException e) {
      throw new UserError(
          "The capture pre-check on " + source.address() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Following follow(
      ConnectionSpec source, Position start, Position until, long replicaId, Listener listener)
      throws IOException {
    // Its version and connect lines say nothing a user acts on; its warnings do.
    LIBRARY_LOG.setLevel(java.util.logging.Level.WARNING);
    Map<Integer, String> charsets;
    try (Connection c = source.openOrExplain(Dialect.forUrl(source.jdbcUrl()), Map.of(), "source");
        Statement s = c.createStatement()) {
      charsets = collations(s);
    } catch (SQLException e) {
      throw new IOException("Reading the source's collations failed: " + e.getMessage(), e);
    }
    Matcher address = HOST_PORT.matcher(source.jdbcUrl());
    if (!address.matches()) {
      throw new UserError(
          "Capture needs a JDBC URL with one host, like jdbc:mysql://db1:3306/; "
              + source.address()
              + " is not one.");
    }
    String host = address.group(1).replaceAll("^\\[|\\]$", "");
    int port = address.group(2) == null ? 3306 : Integer.parseInt(address.group(2));
    BinaryLogClient client =
        new BinaryLogClient(host, port, source.user(), source.passwordSource().read());
    client.setServerId(replicaId);
    client.setBinlogFilename(start.file());
    client.setBinlogPosition(start.offset());
    // A reconnect would resume in the middle of a transaction; a broken connection fails the
    // capture instead, and the next run resumes from the last durable segment.
    client.setKeepAlive(false);
    client.setSSLMode(sslMode(source.jdbcUrl()));
    client.setEventDeserializer(deserializer());
    Transactions transactions = new Transactions(start, until, listener, charsets);
    return new BinlogFollowing(client, transactions, start, until);
  }

  /** An event deserializer whose row images keep values exactly (see {@link ServerTextValues}). */
  private static EventDeserializer deserializer() {
    Map<Long, TableMapEventData> tables = new HashMap<>();
    Map<EventType, EventDataDeserializer> byType = new IdentityHashMap<>();
    // The library's own for every other event type, registered by its default constructor.
    EventDeserializer defaults = new EventDeserializer();
    for (EventType type : EventType.values()) {
      EventDataDeserializer d = defaults.getEventDataDeserializer(type);
      if (!(d instanceof NullEventDataDeserializer)) {
        byType.put(type, d);
      }
    }
    // Version 1 events (MariaDB writes these) have no extra-data field; version 2 (MySQL) do.
    for (ServerTextValues.Kind kind : ServerTextValues.Kind.values()) {
      byType.put(
          EventType.valueOf(kind + "_ROWS"), new ServerTextValues.Rows(tables, kind, false));
      byType.put(
          EventType.valueOf("EXT_" + kind + "_ROWS"),
          new ServerTextValues.Rows(tables, kind, true));
    }
    EventDeserializer deserializer =
        new EventDeserializer(
            new EventHeaderV4Deserializer(), new NullEventDataDeserializer(), byType, tables);
    deserializer.setCompatibilityMode(
        EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
    return deserializer;
  }

  /** Collation id to character set, as this server numbers them. */
  private static Map<Integer, String> collations(Statement s) throws SQLException {
    Map<Integer, String> charsets = new LinkedHashMap<>();
    try (ResultSet r =
        s.executeQuery(
            "SELECT ID, CHARACTER_SET_NAME FROM information_schema.COLLATIONS"
                + " WHERE ID IS NOT NULL")) {
      while (r.next()) {
        charsets.put(r.getInt(1), r.getString(2));
      }
    }
    try (ResultSet r =
        s.executeQuery(
            "SELECT ID, CHARACTER_SET_NAME FROM"
                + " information_schema.COLLATION_CHARACTER_SET_APPLICABILITY WHERE ID IS NOT NULL")) {
      while (r.next()) {
        charsets.putIfAbsent(r.getInt(1), r.getString(2));
      }
    } catch (SQLException olderServer) {
      // Only MariaDB 10.10 and later number collations there too.
    }
    return charsets;
  }

  /** The TLS use of the JDBC URL's sslMode, preferred (as the JDBC driver) when it names none. */
  private static SSLMode sslMode(String jdbcUrl) {
    Matcher m = Pattern.compile("[?&]sslMode=([A-Za-z_]+)").matcher(jdbcUrl);
    if (m.find()) {
      try {
        return SSLMode.valueOf(m.group(1).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException unknown) {
        throw new UserError("The JDBC URL's sslMode=" + m.group(1) + " is not one capture knows.");
      }
    }
    return SSLMode.PREFERRED;
  }
}
