package io.ebb.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes the one-class jar that puts {@link NodeWatchdog} on the node's classpath. Only that class file goes in:
 * Ebb's own jar on Cassandra's classpath would bring Guava, Netty and Jackson versions that clash with Cassandra's.
 */
final class WatchdogJar {

  static final String FILE_NAME = "ebb-node-watchdog.jar";
  private static final String ENTRY = NodeWatchdog.class.getName().replace('.', '/') + ".class";

  private WatchdogJar() {}

  /**
   * Writes the jar into {@code folder} and returns it. Written to a temporary file and moved into place, so a node
   * still running from the previous copy keeps reading the file it opened.
   */
  static Path write(Path folder) throws IOException {
    Path jar = folder.resolve(FILE_NAME);
    Path temp = folder.resolve(FILE_NAME + ".tmp");
    var manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (var out = new JarOutputStream(Files.newOutputStream(temp), manifest)) {
      out.putNextEntry(new JarEntry(ENTRY));
      out.write(classBytes());
      out.closeEntry();
    }
    Files.move(temp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return jar;
  }

  private static byte[] classBytes() throws IOException {
    try (InputStream in = NodeWatchdog.class.getResourceAsStream("/" + ENTRY)) {
      if (in == null) {
        throw new IllegalStateException("the class file " + ENTRY + " is not on the classpath");
      }
      return in.readAllBytes();
    }
  }
}
