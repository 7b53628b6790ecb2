package io.ebb.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.aether.repository.RemoteRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenSettingsTest {

  private static final String CENTRAL = CassandraJars.CENTRAL_URL;

  @TempDir
  Path dir;

  @Test
  void aMirrorOfEverythingReplacesCentral() throws IOException {
    MavenSettings settings = settings("""
        <mirrors>
          <mirror>
            <id>company</id>
            <mirrorOf>*</mirrorOf>
            <url>https://nexus.example.com/repository/maven-public/</url>
          </mirror>
        </mirrors>""");

    assertThat(settings.mirrorFor("central", CENTRAL))
        .hasValueSatisfying(m -> assertThat(m.url()).isEqualTo("https://nexus.example.com/repository/maven-public/"));
    assertThat(settings.mirrorFor("jboss", "https://repository.jboss.org/maven2/")).isPresent();
  }

  @Test
  void aMirrorOfCentralLeavesOtherRepositoriesAlone() throws IOException {
    MavenSettings settings = settings("""
        <mirrors>
          <mirror>
            <id>central-proxy</id>
            <mirrorOf>central</mirrorOf>
            <url>https://artifactory.example.com/central/</url>
          </mirror>
        </mirrors>""");

    assertThat(settings.mirrorFor("central", CENTRAL)).map(MavenSettings.Mirror::id).hasValue("central-proxy");
    assertThat(settings.mirrorFor("jboss", "https://repository.jboss.org/maven2/")).isEmpty();
  }

  @Test
  void anExternalMirrorSkipsLocalRepositories() throws IOException {
    MavenSettings settings = settings("""
        <mirrors>
          <mirror>
            <id>external</id>
            <mirrorOf>external:*</mirrorOf>
            <url>https://nexus.example.com/external/</url>
          </mirror>
        </mirrors>""");

    assertThat(settings.mirrorFor("central", CENTRAL)).map(MavenSettings.Mirror::id).hasValue("external");
    assertThat(settings.mirrorFor("here", "http://localhost:8081/repo/")).isEmpty();
    assertThat(settings.mirrorFor("disk", "file:///srv/repo/")).isEmpty();
  }

  @Test
  void theFirstMatchingMirrorWinsAndExclusionsAreHonoured() throws IOException {
    MavenSettings settings = settings("""
        <mirrors>
          <mirror>
            <id>all-but-central</id>
            <mirrorOf>*,!central</mirrorOf>
            <url>https://one.example.com/</url>
          </mirror>
          <mirror>
            <id>for-central</id>
            <mirrorOf>central</mirrorOf>
            <url>https://two.example.com/</url>
          </mirror>
        </mirrors>""");

    assertThat(settings.mirrorFor("central", CENTRAL)).map(MavenSettings.Mirror::id).hasValue("for-central");
    assertThat(settings.mirrorFor("jboss", "https://repository.jboss.org/maven2/"))
        .map(MavenSettings.Mirror::id).hasValue("all-but-central");
  }

  @Test
  void mirrorCredentialsComeFromTheServerWithTheSameId() throws IOException {
    MavenSettings settings = settings("""
        <servers>
          <server><id>company</id><username>builder</username><password>secret</password></server>
        </servers>
        <mirrors>
          <mirror><id>company</id><mirrorOf>*</mirrorOf><url>https://nexus.example.com/</url></mirror>
        </mirrors>""");

    RemoteRepository mirror = settings.mirrorSelector().getMirror(central());
    assertThat(mirror.getUrl()).isEqualTo("https://nexus.example.com/");
    assertThat(settings.authenticationSelector().getAuthentication(mirror)).isNotNull();
    assertThat(settings.authenticationSelector().getAuthentication(central())).isNull();
  }

  @Test
  void onlyActiveProxiesAreUsedAndAnHttpProxyCarriesHttpsToo() throws IOException {
    MavenSettings settings = settings("""
        <proxies>
          <proxy><id>off</id><active>false</active><protocol>http</protocol><host>old.example.com</host>
            <port>3128</port></proxy>
          <proxy><id>on</id><active>true</active><protocol>http</protocol><host>proxy.example.com</host>
            <port>8080</port><nonProxyHosts>localhost|*.internal</nonProxyHosts></proxy>
        </proxies>""");

    assertThat(settings.proxies()).extracting(MavenSettings.Proxy::id).containsExactly("on");
    var proxy = settings.proxySelector().getProxy(central());
    assertThat(proxy).isNotNull();
    assertThat(proxy.getHost()).isEqualTo("proxy.example.com");
    assertThat(proxy.getPort()).isEqualTo(8080);
    assertThat(settings.proxySelector().getProxy(
        new RemoteRepository.Builder("in", "default", "https://repo.internal/").build())).isNull();
  }

  @Test
  void theLocalRepositoryIsInterpolated() throws IOException {
    MavenSettings settings = settings("<localRepository>${user.home}/custom-repo</localRepository>");

    Path expected = Path.of(System.getProperty("user.home"), "custom-repo");
    assertThat(settings.localRepository()).hasValue(expected);
    assumeTrue(System.getProperty("maven.repo.local") == null, "-Dmaven.repo.local overrides settings.xml");
    assertThat(CassandraJars.localRepository(settings)).isEqualTo(expected.toAbsolutePath());
  }

  @Test
  void noSettingsFileMeansCentralAndTheDefaultRepository() {
    MavenSettings settings = MavenSettings.read(dir.resolve("absent.xml"));

    assertThat(settings.mirrorFor("central", CENTRAL)).isEmpty();
    assertThat(settings.localRepository()).isEmpty();
    assertThat(settings.proxySelector().getProxy(central())).isNull();
  }

  @Test
  void settingsWithoutTheMavenNamespaceAreReadToo() throws IOException {
    Path file = dir.resolve("plain.xml");
    Files.writeString(file, """
        <settings>
          <mirrors><mirror><id>m</id><mirrorOf>central</mirrorOf><url>https://m.example.com/</url></mirror></mirrors>
        </settings>""");

    assertThat(MavenSettings.read(file).mirrorFor("central", CENTRAL)).isPresent();
  }

  private MavenSettings settings(String body) throws IOException {
    Path file = dir.resolve("settings.xml");
    Files.writeString(file, """
        <?xml version="1.0" encoding="UTF-8"?>
        <settings xmlns="http://maven.apache.org/SETTINGS/1.2.0"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                  xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.2.0 https://maven.apache.org/xsd/settings-1.2.0.xsd">
        %s
        </settings>
        """.formatted(body));
    return MavenSettings.read(file);
  }

  private static RemoteRepository central() {
    return new RemoteRepository.Builder("central", "default", CENTRAL).build();
  }
}
