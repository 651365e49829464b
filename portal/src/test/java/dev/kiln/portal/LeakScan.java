package dev.kiln.portal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Looks for a value in clear in every text and binary column of every table of Kiln's database. */
public final class LeakScan {

  private LeakScan() {}

  /** The columns, as {@code table.column}, in which some row contains {@code value}. */
  public static List<String> columnsHolding(Connection db, String value) throws SQLException {
    List<String[]> columns = new ArrayList<>();
    try (ResultSet rs =
        db.createStatement()
            .executeQuery(
                """
        select table_name, column_name, data_type from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'character varying', 'bytea')""")) {
      while (rs.next()) {
        columns.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
      }
    }
    if (columns.size() < 10) {
      throw new AssertionError(
          "only " + columns.size() + " columns to scan: is this Kiln's database?");
    }
    List<String> holding = new ArrayList<>();
    for (String[] c : columns) {
      String column = "\"" + c[1] + "\"";
      String condition =
          "bytea".equals(c[2])
              ? "position(convert_to(?, 'UTF8') in " + column + ") > 0"
              : "position(? in " + column + ") > 0";
      try (PreparedStatement query =
          db.prepareStatement("select count(*) from \"" + c[0] + "\" where " + condition)) {
        query.setString(1, value);
        try (ResultSet rs = query.executeQuery()) {
          rs.next();
          if (rs.getInt(1) > 0) {
            holding.add(c[0] + "." + c[1]);
          }
        }
      }
    }
    return holding;
  }
}
