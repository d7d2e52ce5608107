package io.clicktrail.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.clicktrail.http.ApiException;
import io.clicktrail.http.Json;
import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** Phone numbers and templates of accounts: storage, and the ownership rules between accounts. */
public final class Catalog {
  private static final TypeReference<List<Template.Button>> BUTTONS = new TypeReference<>() {};

  private final Store store;
  private final InstantSource clock;

  public Catalog(Store store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Creates or replaces phone number {@code id} of {@code accountId}.
   *
   * @throws ApiException 403 when the number belongs to another account
   */
  public PhoneNumber putPhoneNumber(String accountId, String id, String display) {
    return store.write(
        tx -> {
          Optional<PhoneNumber> existing = phoneNumber(tx, id);
          if (existing.isPresent() && !existing.get().accountId().equals(accountId)) {
            throw ApiException.forbidden("phone number " + id + " belongs to another account");
          }
          Sql.update(
              tx,
              "INSERT INTO phone_numbers (id, account_id, display_phone_number, updated_at)"
                  + " VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                  + " display_phone_number = excluded.display_phone_number,"
                  + " updated_at = excluded.updated_at",
              id,
              accountId,
              display,
              clock.millis());
          return new PhoneNumber(id, accountId, display);
        });
  }

  /**
   * Records a phone number learnt from a WhatsApp webhook's {@code metadata}, in {@code tx}, unless
   * its id is already known (a registered display number is never overwritten, and another
   * account's number is left alone). Display numbers that are not 5 to 20 digits (once {@code +},
   * spaces and dashes are dropped) are ignored.
   */
  public static void learnPhoneNumber(
      Connection tx, String accountId, String id, String display, long nowMillis)
      throws SQLException {
    String digits = display.replaceAll("[+\\s-]", "");
    if (!digits.matches("[0-9]{5,20}") || id.isEmpty() || id.length() > 64) {
      return;
    }
    Sql.update(
        tx,
        "INSERT INTO phone_numbers (id, account_id, display_phone_number, updated_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        id,
        accountId,
        digits,
        nowMillis);
  }

  /** Phone number {@code id} if it belongs to {@code accountId}. */
  public Optional<PhoneNumber> phoneNumber(String accountId, String id) {
    return store.read(c -> phoneNumber(c, id)).filter(p -> p.accountId().equals(accountId));
  }

  /** All phone numbers of {@code accountId}, by id. */
  public List<PhoneNumber> phoneNumbers(String accountId) {
    return phoneNumbers(accountId, Optional.empty(), Integer.MAX_VALUE);
  }

  /** Phone numbers of {@code accountId} with id after {@code after}, by id, at most {@code max}. */
  public List<PhoneNumber> phoneNumbers(String accountId, Optional<String> after, int max) {
    return store.read(
        c ->
            Sql.list(
                c,
                "SELECT id, account_id, display_phone_number FROM phone_numbers"
                    + " WHERE account_id = ? AND id > ? ORDER BY id LIMIT ?",
                Catalog::readPhoneNumber,
                accountId,
                after.orElse(""),
                max));
  }

  private static Optional<PhoneNumber> phoneNumber(Connection c, String id) throws SQLException {
    return Sql.one(
        c,
        "SELECT id, account_id, display_phone_number FROM phone_numbers WHERE id = ?",
        Catalog::readPhoneNumber,
        id);
  }

  private static PhoneNumber readPhoneNumber(ResultSet rs) throws SQLException {
    return new PhoneNumber(rs.getString(1), rs.getString(2), rs.getString(3));
  }

  /**
   * Creates or replaces template {@code t}; status and opt-out of an existing template are kept.
   *
   * @throws ApiException 403 when the id belongs to another account
   */
  public Template putTemplate(Template t) {
    return store.write(
        tx -> {
          Optional<Template> existing = template(tx, t.id());
          if (existing.isPresent() && !existing.get().accountId().equals(t.accountId())) {
            throw ApiException.forbidden("template " + t.id() + " belongs to another account");
          }
          Template stored =
              existing
                  .map(
                      e ->
                          new Template(
                              t.id(),
                              t.accountId(),
                              t.name(),
                              t.category(),
                              t.language(),
                              e.status(),
                              t.buttons(),
                              e.trackingOptedOut()))
                  .orElse(t);
          upsert(tx, stored);
          return stored;
        });
  }

  /**
   * Applies the Graph template update: link-tracking opt-out and/or category (a different category
   * sets the status to {@code PENDING}).
   */
  public Template updateTemplate(
      String accountId, String id, Optional<Boolean> optedOut, Optional<String> category) {
    return store.write(
        tx -> {
          Template e =
              template(tx, id)
                  .filter(t -> t.accountId().equals(accountId))
                  .orElseThrow(() -> ApiException.notFound("unknown template " + id));
          boolean categoryChanged = category.isPresent() && !category.get().equals(e.category());
          Template updated =
              new Template(
                  e.id(),
                  e.accountId(),
                  e.name(),
                  category.orElse(e.category()),
                  e.language(),
                  categoryChanged ? "PENDING" : e.status(),
                  e.buttons(),
                  optedOut.orElse(e.trackingOptedOut()));
          upsert(tx, updated);
          return updated;
        });
  }

  /** Template {@code id} of any account (callers check ownership). */
  public Optional<Template> anyTemplate(String id) {
    return store.read(c -> template(c, id));
  }

  /** Template {@code id} if it belongs to {@code accountId}. */
  public Optional<Template> template(String accountId, String id) {
    return anyTemplate(id).filter(t -> t.accountId().equals(accountId));
  }

  /** Templates of {@code accountId} with id after {@code after}, by id, at most {@code max}. */
  public List<Template> templates(String accountId, Optional<String> after, int max) {
    return store.read(
        c ->
            Sql.list(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM templates WHERE account_id = ? AND id > ?"
                    + " ORDER BY id LIMIT ?",
                Catalog::read,
                accountId,
                after.orElse(""),
                max));
  }

  private static final String COLUMNS =
      "id, account_id, name, category, language, status, buttons, tracking_opted_out";

  private static Optional<Template> template(Connection c, String id) throws SQLException {
    return Sql.one(c, "SELECT " + COLUMNS + " FROM templates WHERE id = ?", Catalog::read, id);
  }

  private static Template read(ResultSet rs) throws SQLException {
    try {
      return new Template(
          rs.getString(1),
          rs.getString(2),
          rs.getString(3),
          rs.getString(4),
          rs.getString(5),
          rs.getString(6),
          Json.mapper().readValue(rs.getString(7), BUTTONS),
          rs.getBoolean(8));
    } catch (JsonProcessingException e) {
      throw new SQLException("template " + rs.getString(1) + " has unreadable buttons", e);
    }
  }

  private void upsert(Connection tx, Template t) throws SQLException {
    Sql.update(
        tx,
        "INSERT INTO templates (id, account_id, name, category, language, status, buttons,"
            + " tracking_opted_out, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
            + " category = excluded.category, language = excluded.language,"
            + " status = excluded.status, buttons = excluded.buttons,"
            + " tracking_opted_out = excluded.tracking_opted_out,"
            + " updated_at = excluded.updated_at",
        t.id(),
        t.accountId(),
        t.name(),
        t.category(),
        t.language(),
        t.status(),
        new String(Json.write(t.buttons()), java.nio.charset.StandardCharsets.UTF_8),
        t.trackingOptedOut(),
        clock.millis());
  }
}
