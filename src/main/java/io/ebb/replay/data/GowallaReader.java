package io.ebb.replay.data;

import io.ebb.interest.EventType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads Gowalla check-ins in the layout of the SNAP dataset as cut to one city: tab-separated files without a
 * header, {@code gowalla_events.csv[.gz]} ({@code userId, time (ISO-8601 UTC), latitude, longitude, venueId}) and
 * {@code gowalla_venues.csv} ({@code venueId, name, latitude, longitude}). Each venue with a name is an item: the
 * name is its title, its coordinates the attributes {@code lat} and {@code lon}. Each check-in is a
 * {@link EventType#VIEW} with the context the service would have got with it: {@code lat}, {@code lon} (where the
 * user was) and {@code tz} ({@value #ZONE}, the zone of the New York cut). Check-ins at a venue without a name are
 * dropped and counted, like events on unknown items in the other readers.
 */
public final class GowallaReader {

  public static final String EVENTS = "gowalla_events.csv";
  public static final String VENUES = "gowalla_venues.csv";
  /** The time zone of the check-ins' place. */
  public static final String ZONE = "America/New_York";

  private GowallaReader() {}

  public static Dataset read(Path dir) throws IOException {
    Path venues = dir.resolve(VENUES);
    Path events = Files.isRegularFile(dir.resolve(EVENTS + ".gz")) ? dir.resolve(EVENTS + ".gz") : dir.resolve(EVENTS);
    for (Path required : List.of(venues, events)) {
      if (!Files.isRegularFile(required)) {
        throw new NoSuchFileException(
            required.toString(), null, "not a Gowalla folder: " + required.getFileName() + " is missing");
      }
    }
    List<String> bad = new ArrayList<>();
    Map<String, DatasetItem> items = readVenues(venues, bad);
    List<Interaction> checkIns = new ArrayList<>(1 << 17);
    long rows = 0;
    long unknown = 0;
    String file = events.getFileName().toString();
    try (BufferedReader in = open(events)) {
      long line = 0;
      for (String text = in.readLine(); text != null; text = in.readLine()) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        rows++;
        try {
          String[] f = fields(text, 5, "userId, time, latitude, longitude, venueId");
          String user = Fields.required("userId", f[0]);
          long at = Fields.epochMilli(Fields.required("time", f[1]));
          double lat = coordinate("latitude", f[2], 90);
          double lon = coordinate("longitude", f[3], 180);
          String venue = Fields.required("venueId", f[4]);
          if (!items.containsKey(venue)) {
            unknown++;
            continue;
          }
          checkIns.add(new Interaction(user, venue, at, EventType.VIEW, null,
              Map.of("lat", lat, "lon", lon, "tz", ZONE)));
        } catch (Fields.BadField e) {
          bad.add(file + " line " + line + ": " + e.getMessage());
        }
      }
    }
    String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    return new Dataset(name, List.copyOf(items.values()), checkIns, new DatasetReport(rows, unknown, bad));
  }

  private static Map<String, DatasetItem> readVenues(Path venues, List<String> bad) throws IOException {
    Map<String, DatasetItem> items = new LinkedHashMap<>();
    String file = venues.getFileName().toString();
    try (BufferedReader in = open(venues)) {
      long line = 0;
      for (String text = in.readLine(); text != null; text = in.readLine()) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        try {
          String[] f = fields(text, 4, "venueId, name, latitude, longitude");
          String id = Fields.required("venueId", f[0]);
          String title = Fields.required("name", f[1]);
          double lat = coordinate("latitude", f[2], 90);
          double lon = coordinate("longitude", f[3], 180);
          if (items.putIfAbsent(id, new DatasetItem(id, title, "", List.of(), Map.of("lat", lat, "lon", lon)))
              != null) {
            throw new Fields.BadField("venueId " + id + " is repeated; the first row is kept");
          }
        } catch (Fields.BadField e) {
          bad.add(file + " line " + line + ": " + e.getMessage());
        }
      }
    }
    return items;
  }

  private static BufferedReader open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  private static String[] fields(String line, int expected, String names) throws Fields.BadField {
    String[] f = line.split("\t", -1);
    if (f.length != expected) {
      throw new Fields.BadField("expected " + expected + " tab-separated fields (" + names + "), found " + f.length);
    }
    return f;
  }

  private static double coordinate(String what, String text, double bound) throws Fields.BadField {
    Double v = Fields.optionalNumber(what, text);
    if (v == null || Math.abs(v) > bound) {
      throw new Fields.BadField(what + " '" + text + "' is not a number within ±" + (int) bound);
    }
    return v;
  }
}
