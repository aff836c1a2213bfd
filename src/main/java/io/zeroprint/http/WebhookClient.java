package io.zeroprint.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.resolver.NameResolver;
import io.vertx.core.net.SocketAddress;
import io.zeroprint.webhooks.WebhookTarget;
import io.zeroprint.webhooks.Webhooks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Webhook attempts on Vert.x's non-blocking HTTP client. The connection goes to the address that was
 * judged ({@code server}), while {@code Host}, SNI and certificate checks use the name the job gave.
 * No redirects (a 3xx is a failed attempt: following it would skip the address check); the answer's
 * body is never read. A 2xx takes the event; a 410 Gone asks for no more.
 */
public final class WebhookClient implements Webhooks.Transport {
  private static final int MAX_CONNECTIONS = 64;
  private static final int GONE = 410;
  private final HttpClientAgent client;
  private final NameResolver resolver;

  public WebhookClient(Vertx vertx) {
    // Vert.x's own asynchronous resolver (hosts file, then DNS), the one its clients use: no thread waits on a lookup.
    this.resolver = ((VertxInternal) vertx).nameResolver();
    this.client = vertx.createHttpClient(new HttpClientOptions().setForceSni(true).setVerifyHost(true)
            .setKeepAlive(false),
        new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS).setMaxWaitQueueSize(MAX_CONNECTIONS));
  }

  @Override
  public JsonObject render(JsonObject event) {
    return JobLinks.render(event);
  }

  @Override
  public Future<List<InetAddress>> resolve(String host) {
    Promise<List<InetAddress>> all = Promise.promise();
    resolver.resolveAll(host, ar -> all.handle(ar.map(list -> list.stream().map(InetSocketAddress::getAddress).toList())));
    return all.future().compose(list -> list.isEmpty() ? Future.failedFuture("no address") : Future.succeededFuture(list));
  }

  @Override
  public Future<Webhooks.Answer> post(WebhookTarget target, InetAddress address, Map<String, String> headers, byte[] body,
      long timeoutMillis) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setServer(SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()))
        .setHost(target.host()).setPort(target.port()).setSsl(target.tls()).setURI(target.pathAndQuery())
        .setFollowRedirects(false).setConnectTimeout(timeoutMillis).setTimeout(timeoutMillis);
    return client.request(options).compose(req -> {
      headers.forEach(req::putHeader);
      req.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      return req.send(Buffer.buffer(body)).map(resp -> {
        int status = resp.statusCode();
        req.reset(); // the status is all that counts: a body that trickles on holds nothing open
        return new Webhooks.Answer(status, status / 100 == 2, status == GONE); // 410: the receiver wants no more
      });
    });
  }
}
