package io.ebb.replay.data;

import io.ebb.interest.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a MovieLens folder in the "latest" format (ml-latest-small, ml-latest, ml-25m, …): {@code movies.csv}
 * (title; genres become tags), {@code tags.csv} if present (users' free-text tags, de-duplicated ignoring case,
 * the {@value #MAX_USER_TAGS} most frequent per movie appended to its tags) and {@code ratings.csv} (each rating a
 * {@link EventType#RATE} event with its value, epoch seconds turned into milliseconds).
 */
public final class MovieLensReader {

  /** User tags kept per movie, most frequent first. */
  public static final int MAX_USER_TAGS = 20;

  private static final String NO_GENRES = "(no genres listed)";

  private MovieLensReader() {}

  public static Dataset read(Path dir) throws IOException {
    Path moviesCsv = dir.resolve("movies.csv");
    Path ratingsCsv = dir.resolve("ratings.csv");
    for (Path required : List.of(moviesCsv, ratingsCsv)) {
      if (!Files.isRegularFile(required)) {
        throw new NoSuchFileException(
            required.toString(), null, "not a MovieLens folder: " + required.getFileName() + " is missing");
      }
    }
    List<String> bad = new ArrayList<>();
    Map<String, DatasetItem> movies = readMovies(moviesCsv, bad);
    Path tagsCsv = dir.resolve("tags.csv");
    if (Files.isRegularFile(tagsCsv)) {
      Map<String, List<String>> userTags = readTags(tagsCsv, movies, bad);
      userTags.forEach((id, tags) -> {
        DatasetItem m = movies.get(id);
        List<String> all = new ArrayList<>(m.tags());
        for (String t : tags) {
          if (all.stream().noneMatch(t::equalsIgnoreCase)) {
            all.add(t);
          }
        }
        movies.put(id, new DatasetItem(id, m.title(), m.description(), all));
      });
    }
    List<Interaction> ratings = new ArrayList<>(1 << 17);
    long rows = 0;
    long unknown = 0;
    String file = ratingsCsv.getFileName().toString();
    try (CsvRows csv = CsvRows.open(ratingsCsv)) {
      csv.next(); // header: userId,movieId,rating,timestamp
      for (CsvRows.Row row = csv.nextOrReport(file, bad); row != null; row = csv.nextOrReport(file, bad)) {
        rows++;
        try {
          if (row.size() < 4) {
            throw new Fields.BadField("expected 4 fields (userId,movieId,rating,timestamp), found " + row.size());
          }
          String user = Fields.required("userId", row.get(0));
          String movie = Fields.required("movieId", row.get(1));
          Double rating = Fields.optionalNumber("rating", row.get(2));
          if (rating == null) {
            throw new Fields.BadField("rating is empty");
          }
          long at = Fields.epochMilli(Fields.required("timestamp", row.get(3)));
          if (!movies.containsKey(movie)) {
            unknown++;
            continue;
          }
          ratings.add(new Interaction(user, movie, at, EventType.RATE, rating));
        } catch (Fields.BadField e) {
          bad.add(file + " line " + row.line() + ": " + e.getMessage());
        }
      }
    }
    return new Dataset(
        dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(),
        List.copyOf(movies.values()),
        ratings,
        new DatasetReport(rows, unknown, bad));
  }

  private static Map<String, DatasetItem> readMovies(Path moviesCsv, List<String> bad) throws IOException {
    Map<String, DatasetItem> movies = new LinkedHashMap<>();
    String file = moviesCsv.getFileName().toString();
    try (CsvRows csv = CsvRows.open(moviesCsv)) {
      csv.next(); // header: movieId,title,genres
      for (CsvRows.Row row = csv.nextOrReport(file, bad); row != null; row = csv.nextOrReport(file, bad)) {
        try {
          if (row.size() < 2) {
            throw new Fields.BadField("expected 3 fields (movieId,title,genres), found " + row.size());
          }
          String id = Fields.required("movieId", row.get(0));
          String title = Fields.required("title", row.get(1));
          List<String> genres = new ArrayList<>();
          for (String g : row.getOrEmpty(2).split("\\|")) {
            String genre = g.strip();
            if (!genre.isEmpty() && !genre.equals(NO_GENRES)) {
              genres.add(genre);
            }
          }
          if (movies.putIfAbsent(id, new DatasetItem(id, title, "", genres)) != null) {
            throw new Fields.BadField("movieId " + id + " is repeated; the first row is kept");
          }
        } catch (Fields.BadField e) {
          bad.add(file + " line " + row.line() + ": " + e.getMessage());
        }
      }
    }
    return movies;
  }

  /** Per movie, its users' tags, most frequent first (ties: first seen), ignoring case when counting. */
  private static Map<String, List<String>> readTags(Path tagsCsv, Map<String, DatasetItem> movies, List<String> bad)
      throws IOException {
    Map<String, LinkedHashMap<String, int[]>> counts = new LinkedHashMap<>();
    Map<String, String> spelling = new HashMap<>();
    String file = tagsCsv.getFileName().toString();
    try (CsvRows csv = CsvRows.open(tagsCsv)) {
      csv.next(); // header: userId,movieId,tag,timestamp
      for (CsvRows.Row row = csv.nextOrReport(file, bad); row != null; row = csv.nextOrReport(file, bad)) {
        if (row.size() < 3) {
          bad.add(file + " line " + row.line() + ": expected 4 fields (userId,movieId,tag,timestamp), found "
              + row.size());
          continue;
        }
        String movie = row.get(1).strip();
        String tag = row.get(2).strip();
        if (tag.isEmpty() || !movies.containsKey(movie)) {
          continue; // a tag on a movie not in movies.csv has nothing to describe
        }
        String key = tag.toLowerCase(Locale.ROOT);
        spelling.putIfAbsent(key, tag);
        counts.computeIfAbsent(movie, m -> new LinkedHashMap<>()).computeIfAbsent(key, k -> new int[1])[0]++;
      }
    }
    Map<String, List<String>> result = new LinkedHashMap<>();
    counts.forEach((movie, byTag) -> {
      List<Map.Entry<String, int[]>> entries = new ArrayList<>(byTag.entrySet());
      entries.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0])); // stable: first seen wins ties
      List<String> tags = new ArrayList<>();
      for (int i = 0; i < Math.min(MAX_USER_TAGS, entries.size()); i++) {
        tags.add(spelling.get(entries.get(i).getKey()));
      }
      result.put(movie, tags);
    });
    return result;
  }
}
