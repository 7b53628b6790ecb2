package io.ebb.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP for the fuzz suite: any bytes as a body, every answer kept as it came (status, content type, text), and a
 * WebSocket handshake written by hand, so that a refused upgrade shows its status and JSON body. A request that
 * gets no answer within {@link #PATIENCE} fails: no connection may be left hanging.
 */
final class FuzzClient {

  static final Duration PATIENCE = Duration.ofSeconds(20);

  /** An answer; {@code json} is null when the body is not JSON. */
  record Answer(int status, String contentType, String text, JsonNode json) {

    static Answer of(int status, String contentType, String text) {
      JsonNode json;
      try {
        json = text.isEmpty() ? null : Fuzz.JSON.readTree(text);
      } catch (IOException e) {
        json = null;
      }
      return new Answer(status, contentType, text, json);
    }

    String clipped() {
      return status + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  FuzzClient(int port) {
    this.port = port;
  }

  Answer get(String pathAndQuery) {
    return send(request(pathAndQuery).GET());
  }

  Answer delete(String pathAndQuery) {
    return send(request(pathAndQuery).DELETE());
  }

  Answer post(String path, byte[] body) {
    return overLimit("POST", path, body) ? declared("POST", path, body)
        : send(json(path).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  Answer put(String path, byte[] body) {
    return overLimit("PUT", path, body) ? declared("PUT", path, body)
        : send(json(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /**
   * A body over the server's limit goes by its declared length ({@link #sendDeclared}): the server refuses it from the
   * header, and writing all of it raced the server's close (a broken pipe with no answer, one run in many).
   */
  private static boolean overLimit(String method, String path, byte[] body) {
    boolean bulk = method.equals("POST") && (path.equals("/v1/items") || path.startsWith("/v1/events/batch"));
    return body.length > (bulk ? FuzzCases.MAX_BULK_BODY : FuzzCases.MAX_BODY);
  }

  private Answer declared(String method, String path, byte[] body) {
    return sendDeclared(method, path, body.length, Arrays.copyOf(body, 1024));
  }

  private HttpRequest.Builder json(String path) {
    return request(path).header("Content-Type", "application/json");
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(PATIENCE);
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return Answer.of(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("no answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Opens a WebSocket by hand: a refused upgrade answers with its status and body; an accepted one (101) with the
   * text of the first frame the server sends. The socket is closed either way.
   */
  Answer webSocket(String pathAndQuery) {
    String head = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    return raw(head, new byte[0]);
  }

  /**
   * A request that declares a body of {@code contentLength} bytes but sends only {@code start} of it, then reads the
   * answer. A body over a limit is refused by its declared length; sending it all would race the server's close of
   * the connection (the reset of a connection still being written to can discard the answer before it is read).
   */
  Answer sendDeclared(String method, String path, long contentLength, byte[] start) {
    String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + contentLength + "\r\n\r\n";
    return raw(head, start);
  }

  /** Writes a request by hand and reads its answer: a 101 with the first text frame, else status and body. */
  private Answer raw(String head, byte[] body) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout((int) PATIENCE.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String statusLine = line(in);
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
      String contentType = headers.getOrDefault("content-type", "");
      if (status == 101) {
        return Answer.of(status, contentType, firstTextFrame(in));
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      return Answer.of(status, contentType, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("no answer to " + head.lines().findFirst().orElse("") + ": " + e, e);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed mid-line");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  /** The payload of the next text frame (the server's frames are not masked); control frames are skipped. */
  private static String firstTextFrame(InputStream in) throws IOException {
    while (true) {
      int b0 = in.read();
      int b1 = in.read();
      if (b0 < 0 || b1 < 0) {
        throw new IOException("closed before the first frame");
      }
      long length = b1 & 0x7f;
      if (length == 126) {
        length = ((long) in.read() << 8) | in.read();
      } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = (length << 8) | in.read();
        }
      }
      byte[] payload = in.readNBytes((int) length);
      if ((b0 & 0x0f) == 1) {
        return new String(payload, StandardCharsets.UTF_8);
      }
    }
  }
}
