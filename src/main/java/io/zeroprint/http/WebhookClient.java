package io.zeroprint.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.zeroprint.webhooks.WebhookTarget;
import io.zeroprint.webhooks.Webhooks;
import java.net.InetAddress;
import java.util.Map;

/**
 * Webhook attempts on Vert.x's non-blocking HTTP client. The connection goes to the address that was
 * judged ({@code server}), while {@code Host}, SNI and certificate checks use the name the job gave.
 * No redirects (a 3xx is a failed attempt: following it would skip the address check); the answer's
 * body is discarded unread.
 */
public final class WebhookClient implements Webhooks.Transport {
  private static final int MAX_CONNECTIONS = 64;
  private final HttpClientAgent client;

  public WebhookClient(Vertx vertx) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setForceSni(true).setVerifyHost(true)
            .setKeepAlive(false),
        new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS).setMaxWaitQueueSize(MAX_CONNECTIONS));
  }

  @Override
  public JsonObject render(JsonObject event) {
    return JobLinks.render(event);
  }

  @Override
  public Future<Integer> post(WebhookTarget target, InetAddress address, Map<String, String> headers, byte[] body,
      long timeoutMillis) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setServer(SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()))
        .setHost(target.host()).setPort(target.port()).setSsl(target.tls()).setURI(target.pathAndQuery())
        .setFollowRedirects(false).setTimeout(timeoutMillis);
    return client.request(options).compose(req -> {
      headers.forEach(req::putHeader);
      req.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      return req.send(Buffer.buffer(body)).map(resp -> {
        resp.handler(chunk -> { }); // read and dropped: a receiver's answer is never kept
        return resp.statusCode();
      });
    });
  }
}
