package io.ebb.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.repository.AuthenticationSelector;
import org.eclipse.aether.repository.MirrorSelector;
import org.eclipse.aether.repository.ProxySelector;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The parts of a Maven {@code settings.xml} that matter for fetching Cassandra's jars: the local repository,
 * mirrors (so a company Nexus/Artifactory is used instead of Central), active proxies and the server credentials
 * that mirrors refer to.
 *
 * <p>The resolver's supplier reads no settings at all, and Maven's own settings builder would bring a dozen more
 * jars: the handful of elements used here are read with the JDK's DOM parser. Encrypted passwords
 * ({@code {…}} from {@code settings-security.xml}) are not supported; they are passed on as written.
 */
record MavenSettings(
    Optional<Path> localRepository, List<Mirror> mirrors, List<Proxy> proxies, Map<String, Server> servers) {

  record Mirror(String id, String url, String mirrorOf, String layout, boolean blocked) {}

  record Proxy(String id, String protocol, String host, int port, String username, String password,
      String nonProxyHosts) {}

  record Server(String id, String username, String password) {}

  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  static MavenSettings empty() {
    return new MavenSettings(Optional.empty(), List.of(), List.of(), Map.of());
  }

  /** {@code ~/.m2/settings.xml}, or the file named by {@code -Dorg.apache.maven.user-settings} as Maven allows. */
  static Path userSettingsFile() {
    String explicit = System.getProperty("org.apache.maven.user-settings");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    return Path.of(System.getProperty("user.home"), ".m2", "settings.xml");
  }

  /** Reads a settings file; a missing file means "no settings" and an unreadable one is an error worth seeing. */
  static MavenSettings read(Path file) {
    if (!Files.isRegularFile(file)) {
      return empty();
    }
    try (InputStream in = Files.newInputStream(file)) {
      var factory = DocumentBuilderFactory.newInstance();
      // settings.xml never needs a DTD or external entities: refuse them.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setExpandEntityReferences(false);
      Element root = factory.newDocumentBuilder().parse(in).getDocumentElement();
      return fromXml(root);
    } catch (IOException | SAXException | ParserConfigurationException e) {
      throw new IllegalStateException("cannot read Maven settings " + file + ": " + e.getMessage(), e);
    }
  }

  private static MavenSettings fromXml(Element root) {
    Optional<Path> localRepository = text(root, "localRepository").map(MavenSettings::interpolate)
        .filter(s -> !s.isBlank())
        .map(Path::of);

    List<Mirror> mirrors = new ArrayList<>();
    for (Element m : children(child(root, "mirrors"), "mirror")) {
      Optional<String> url = text(m, "url");
      Optional<String> mirrorOf = text(m, "mirrorOf");
      if (url.isEmpty() || mirrorOf.isEmpty()) {
        continue;
      }
      mirrors.add(new Mirror(
          text(m, "id").orElse("mirror"),
          interpolate(url.get()),
          mirrorOf.get(),
          text(m, "layout").orElse("default"),
          text(m, "blocked").map(Boolean::parseBoolean).orElse(false)));
    }

    List<Proxy> proxies = new ArrayList<>();
    for (Element p : children(child(root, "proxies"), "proxy")) {
      boolean active = text(p, "active").map(Boolean::parseBoolean).orElse(true);
      Optional<String> host = text(p, "host");
      if (!active || host.isEmpty()) {
        continue;
      }
      proxies.add(new Proxy(
          text(p, "id").orElse("proxy"),
          text(p, "protocol").orElse("http"),
          host.get(),
          text(p, "port").map(Integer::parseInt).orElse(8080),
          text(p, "username").map(MavenSettings::interpolate).orElse(null),
          text(p, "password").map(MavenSettings::interpolate).orElse(null),
          text(p, "nonProxyHosts").orElse(null)));
    }

    Map<String, Server> servers = new LinkedHashMap<>();
    for (Element s : children(child(root, "servers"), "server")) {
      text(s, "id").ifPresent(id -> servers.put(id, new Server(id,
          text(s, "username").map(MavenSettings::interpolate).orElse(null),
          text(s, "password").map(MavenSettings::interpolate).orElse(null))));
    }
    return new MavenSettings(localRepository, List.copyOf(mirrors), List.copyOf(proxies), Map.copyOf(servers));
  }

  /**
   * Mirrors as Maven applies them: {@code *}, {@code external:*}, plain ids, comma lists and {@code !id}
   * exclusions are understood by the resolver's own {@link DefaultMirrorSelector}; the first matching mirror wins.
   */
  MirrorSelector mirrorSelector() {
    var selector = new DefaultMirrorSelector();
    for (Mirror m : mirrors) {
      selector.add(m.id(), m.url(), m.layout(), false, m.blocked(), m.mirrorOf(), null);
    }
    return selector;
  }

  /** The mirror Maven would use instead of the given repository, if any. */
  Optional<Mirror> mirrorFor(String repositoryId, String url) {
    RemoteRepository mirror = mirrorSelector().getMirror(new RemoteRepository.Builder(repositoryId, "default", url)
        .build());
    if (mirror == null) {
      return Optional.empty();
    }
    return mirrors.stream().filter(m -> m.id().equals(mirror.getId())).findFirst();
  }

  ProxySelector proxySelector() {
    var selector = new DefaultProxySelector();
    boolean httpsDeclared = proxies.stream().anyMatch(p -> "https".equalsIgnoreCase(p.protocol()));
    for (Proxy p : proxies) {
      Authentication auth = p.username() == null ? null
          : new AuthenticationBuilder().addUsername(p.username()).addPassword(p.password()).build();
      String type = p.protocol().toLowerCase(Locale.ROOT);
      selector.add(new org.eclipse.aether.repository.Proxy(type, p.host(), p.port(), auth), p.nonProxyHosts());
      // Maven's usual "http" proxy also carries https traffic (CONNECT) unless an https proxy is declared.
      if ("http".equals(type) && !httpsDeclared) {
        selector.add(new org.eclipse.aether.repository.Proxy(
            org.eclipse.aether.repository.Proxy.TYPE_HTTPS, p.host(), p.port(), auth), p.nonProxyHosts());
      }
    }
    return selector;
  }

  /** Credentials from {@code <servers>}, matched by repository (or mirror) id as Maven does. */
  AuthenticationSelector authenticationSelector() {
    var selector = new DefaultAuthenticationSelector();
    for (Server s : servers.values()) {
      if (s.username() != null) {
        selector.add(s.id(), new AuthenticationBuilder().addUsername(s.username()).addPassword(s.password()).build());
      }
    }
    return selector;
  }

  /** Replaces {@code ${user.home}}, {@code ${env.NAME}} and other system properties; unknown ones stay as written. */
  static String interpolate(String value) {
    Matcher m = PROPERTY.matcher(value);
    var out = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String replacement = key.startsWith("env.") ? System.getenv(key.substring(4)) : System.getProperty(key);
      m.appendReplacement(out, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
    }
    m.appendTail(out);
    return out.toString().trim();
  }

  private static Optional<Element> child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(localName(e))) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static List<Element> children(Optional<Element> parent, String name) {
    List<Element> result = new ArrayList<>();
    parent.ifPresent(p -> {
      for (Node n = p.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && name.equals(localName(e))) {
          result.add(e);
        }
      }
    });
    return result;
  }

  private static Optional<String> text(Element parent, String name) {
    return child(parent, name).map(e -> e.getTextContent().trim()).filter(s -> !s.isEmpty());
  }

  private static String localName(Element e) {
    String name = e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(colon + 1);
  }
}
