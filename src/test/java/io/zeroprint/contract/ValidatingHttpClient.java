package io.zeroprint.contract;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that sends through another and checks every exchange against
 * {@code openapi.yaml} ({@link ContractCheck}). A disagreement found when {@code send} returns fails
 * the call at once with an {@link AssertionError}; one found later (the body of a stream the test
 * reads after {@code send} returned, or an asynchronous send) is kept until {@link #takeViolations()}.
 * Only textual bodies (JSON, YAML, text) are kept to be checked; image bytes are only counted, so the
 * check adds no copy of an image to the heap.
 */
public final class ValidatingHttpClient extends HttpClient {
  private final HttpClient delegate;
  private final ContractCheck check;
  private final java.util.function.Predicate<java.net.URI> ours;
  private final List<String> later = Collections.synchronizedList(new ArrayList<>());

  /** @param ours which requests go to the server under test (others, e.g. to an OpenID provider, are not checked) */
  public ValidatingHttpClient(HttpClient delegate, ContractCheck check, java.util.function.Predicate<java.net.URI> ours) {
    this.delegate = delegate;
    this.check = check;
    this.ours = ours;
  }

  /** Violations found after their call returned, cleared by this call. */
  public List<String> takeViolations() {
    synchronized (later) {
      List<String> out = List.copyOf(later);
      later.clear();
      return out;
    }
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    if (!ours.test(request.uri())) {
      return delegate.send(request, handler);
    }
    Tee<T> tee = new Tee<>(handler);
    HttpResponse<T> response = delegate.send(request, tee);
    List<String> found = tee.checkNow(request, response);
    if (!found.isEmpty()) {
      throw new AssertionError("the answer disagrees with openapi.yaml:\n  " + String.join("\n  ", found));
    }
    return response;
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    if (!ours.test(request.uri())) {
      return delegate.sendAsync(request, handler);
    }
    Tee<T> tee = new Tee<>(handler);
    return delegate.sendAsync(request, tee).thenApply(response -> {
      later.addAll(tee.checkNow(request, response));
      return response;
    });
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return sendAsync(request, handler);
  }

  /** Passes the body on unchanged, keeping a copy of textual bodies and the length of all. */
  private final class Tee<T> implements HttpResponse.BodyHandler<T> {
    private final HttpResponse.BodyHandler<T> handler;
    private volatile Subscriber<T> subscriber;

    Tee(HttpResponse.BodyHandler<T> handler) {
      this.handler = handler;
    }

    @Override
    public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
      String type = info.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
      boolean keep = type.startsWith("application/") && (type.contains("json") || type.contains("yaml"))
          || type.startsWith("text/") && !type.startsWith("text/event-stream");
      subscriber = new Subscriber<>(handler.apply(info), keep);
      return subscriber;
    }

    /** Checks what is known now; a body still streaming is checked when it completes. */
    List<String> checkNow(HttpRequest request, HttpResponse<?> response) {
      Subscriber<T> s = subscriber;
      if (s != null && !s.complete) {
        s.whenComplete = () -> later.addAll(check.violations(exchange(request, response, s)));
        return check.violations(exchange(request, response, null));
      }
      return check.violations(exchange(request, response, s));
    }

    private ContractCheck.Exchange exchange(HttpRequest request, HttpResponse<?> response, Subscriber<T> s) {
      boolean hasBody = request.bodyPublisher().map(p -> p.contentLength() != 0).orElse(false);
      HttpHeaders headers = response.headers();
      byte[] body = s == null || !s.keep ? null : s.copy.toByteArray();
      long length = s == null ? -1 : s.length;
      ContractCheck.Exchange x = new ContractCheck.Exchange(request.method(), request.uri(), request.headers().map(),
          hasBody, response.statusCode(), headers.map(), body, length);
      if (s != null && s.complete) {
        keepExample(x);
      }
      return x;
    }
  }

  private static final class Subscriber<T> implements HttpResponse.BodySubscriber<T> {
    private final HttpResponse.BodySubscriber<T> inner;
    private final boolean keep;
    private final java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();
    private volatile long length;
    private volatile boolean complete;
    private volatile Runnable whenComplete;

    Subscriber(HttpResponse.BodySubscriber<T> inner, boolean keep) {
      this.inner = inner;
      this.keep = keep;
    }

    @Override
    public CompletionStage<T> getBody() {
      return inner.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      inner.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        length += b.remaining();
        if (keep) {
          ByteBuffer view = b.duplicate();
          byte[] bytes = new byte[view.remaining()];
          view.get(bytes);
          synchronized (copy) {
            copy.writeBytes(bytes);
          }
        }
      }
      inner.onNext(items);
    }

    @Override
    public void onError(Throwable throwable) {
      inner.onError(throwable);
    }

    @Override
    public void onComplete() {
      complete = true;
      inner.onComplete();
      Runnable r = whenComplete;
      if (r != null) {
        r.run();
      }
    }
  }

  /**
   * With {@code -Dzeroprint.contract.examples=<folder>}, the first JSON body of each operation and
   * status is written there: the examples in {@code openapi.yaml} are copied from such runs.
   */
  private void keepExample(ContractCheck.Exchange x) {
    String folder = System.getProperty("zeroprint.contract.examples");
    String type = ContractCheck.first(x.responseHeaders(), "content-type");
    if (folder == null || x.body() == null || type == null || !type.contains("json")) {
      return;
    }
    check.operationId(x.method(), x.uri()).ifPresent(id -> {
      java.nio.file.Path file = java.nio.file.Path.of(folder, id + "-" + x.status() + ".json");
      try {
        java.nio.file.Files.createDirectories(file.getParent());
        if (!java.nio.file.Files.exists(file)) {
          java.nio.file.Files.write(file, x.body());
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }
}
