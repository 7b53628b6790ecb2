package io.ebb.replay;

import io.ebb.catalog.Item;
import io.ebb.catalog.ItemEmbedder;
import io.ebb.catalog.ItemText;
import io.ebb.replay.data.DatasetItem;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Text vectors of dataset items, made exactly as the catalog makes them: {@link ItemText#of} embedded by an
 * {@link ItemEmbedder}. An optional cache file keeps vectors by model and text hash, so a second run skips the
 * model (a changed text or another model simply misses the cache).
 */
public final class TextVectors {

  private static final int MAGIC = 0xEBB7E47;

  private TextVectors() {}

  /** The text the catalog would embed for {@code item}. */
  public static String textOf(DatasetItem item) {
    return ItemText.of(new Item(item.itemId(), item.title(), item.description(), item.tags(), Map.of(), Instant.EPOCH));
  }

  /**
   * The unit text vector of each item, in order.
   *
   * @param cache a file to read vectors from and write them back to, or {@code null} for none
   */
  public static float[][] embed(ItemEmbedder embedder, List<DatasetItem> items, Path cache) throws IOException {
    return embedTexts(embedder, items.stream().map(TextVectors::textOf).toList(), cache);
  }

  /**
   * The unit vector of each text as it is (a stated topic is embedded so, as the service embeds a capture's
   * topics), in order, through the same cache as the items' texts: a cache entry is a (model, text) pair.
   *
   * @param cache a file to read vectors from and write them back to, or {@code null} for none
   */
  public static float[][] embedTexts(ItemEmbedder embedder, List<String> texts, Path cache) throws IOException {
    Map<String, float[]> cached = cache != null && Files.isRegularFile(cache) ? read(cache) : new HashMap<>();
    float[][] out = new float[texts.size()][];
    List<String> toEmbed = new ArrayList<>();
    List<Integer> missing = new ArrayList<>();
    String model = embedder.modelId();
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      float[] v = cached.get(key(model, text));
      if (v != null && v.length == embedder.dimension()) {
        out[i] = v;
      } else {
        toEmbed.add(text);
        missing.add(i);
      }
    }
    if (!missing.isEmpty()) {
      List<float[]> vectors = embedder.embedAll(toEmbed);
      for (int k = 0; k < missing.size(); k++) {
        out[missing.get(k)] = vectors.get(k);
        cached.put(key(model, toEmbed.get(k)), vectors.get(k));
      }
      if (cache != null) {
        write(cache, cached);
      }
    }
    return out;
  }

  private static String key(String model, String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(model.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, float[]> read(Path file) {
    Map<String, float[]> map = new HashMap<>();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC) {
        return map;
      }
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String key = in.readUTF();
        float[] v = new float[in.readInt()];
        for (int k = 0; k < v.length; k++) {
          v[k] = in.readFloat();
        }
        map.put(key, v);
      }
    } catch (IOException e) {
      map.clear(); // a damaged cache is only a miss
    }
    return map;
  }

  private static void write(Path file, Map<String, float[]> map) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = Files.createTempFile(dir, "text-vectors", ".tmp");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      out.writeInt(MAGIC);
      out.writeInt(map.size());
      for (Map.Entry<String, float[]> e : map.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(e.getValue().length);
        for (float x : e.getValue()) {
          out.writeFloat(x);
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
