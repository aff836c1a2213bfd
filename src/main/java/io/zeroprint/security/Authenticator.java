package io.zeroprint.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.zeroprint.config.AuthConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Verifies bearer tokens with vertx-auth-jwt against the configured JWKS (file or URL, re-read
 * periodically for key rotation) or, in development mode, an in-memory key. Requires {@code exp},
 * and {@code iss}/{@code aud} when configured.
 */
public final class Authenticator {
  private static final System.Logger LOG = System.getLogger(Authenticator.class.getName());
  private static final int LEEWAY_SECONDS = 30;
  private static final String SCOPE_CLAIM = "scope";
  private static final String SCP_CLAIM = "scp";
  public static final int BROWSER_TOKEN_SECONDS = 3600;

  private final Vertx vertx;
  private final AuthConfig config;
  private final String quotaClaim;
  private final AtomicReference<JWTAuth> provider = new AtomicReference<>();
  private final VerifiedTokens verified;
  private DevKey devKey;
  /** One client for every JWKS fetch, made on first use and closed with the authenticator. */
  private HttpClient jwksClient;

  public Authenticator(Vertx vertx, AuthConfig config, String quotaClaim) {
    this.vertx = vertx;
    this.config = config;
    this.quotaClaim = quotaClaim;
    this.verified = new VerifiedTokens(config.verifiedTokenSeconds() * 1000L, AuthConfig.MAX_VERIFIED_TOKENS,
        System::currentTimeMillis);
  }

  /** Loads the keys (or makes the development key) and starts the periodic JWKS refresh. */
  public Future<Void> start() {
    if (config.developmentMode()) {
      devKey = DevKey.generate();
      provider.set(JWTAuth.create(vertx, devKey.verifierOptions().setJWTOptions(jwtOptions())));
      return Future.succeededFuture();
    }
    return loadJwks().map(keys -> {
      install(keys);
      vertx.setPeriodic(config.jwksRefreshSeconds() * 1000L, id -> refresh());
      return null;
    });
  }

  /** In development mode, a token for this run with every scope; empty otherwise. */
  /** Closes the JWKS client, if one was made. */
  public Future<Void> close() {
    return jwksClient == null ? Future.succeededFuture() : jwksClient.close();
  }

  public java.util.Optional<String> developmentToken() {
    return devKey == null ? java.util.Optional.empty()
        : java.util.Optional.of(devKey.token(provider.get(), config, Set.of(Caller.SCOPE_ENHANCE, Caller.SCOPE_ADMIN)));
  }

  /**
   * In development mode, a token for the web app on this machine: scope {@code enhance} only (never
   * {@code admin}), {@link #BROWSER_TOKEN_SECONDS} to live; empty otherwise.
   */
  public java.util.Optional<String> browserToken() {
    return devKey == null ? java.util.Optional.empty()
        : java.util.Optional.of(devKey.token(provider.get(), config, Set.of(Caller.SCOPE_ENHANCE), BROWSER_TOKEN_SECONDS));
  }

  public boolean developmentMode() {
    return devKey != null;
  }

  /** Fails with {@code UNAUTHORIZED} (detail: the reason, never the token) when the token is not good. */
  public Future<Caller> authenticate(String token) {
    Caller known = verified.get(token);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    Future<io.vertx.ext.auth.User> user;
    try {
      user = provider.get().authenticate(new TokenCredentials(token));
    } catch (RuntimeException malformed) {
      // The JWT library can throw on claims of the wrong type (e.g. "exp" as a string) instead of failing.
      user = Future.failedFuture(malformed);
    }
    return user
        .recover(err -> Future.failedFuture(new ProblemException(ErrorCode.UNAUTHORIZED, "The token is not valid.")))
        .map(u -> {
          JsonObject claims = u.attributes().getJsonObject("accessToken", u.principal());
          Caller caller = toCaller(claims);
          verified.put(token, caller, ((Number) claims.getValue("exp")).longValue() * 1000L);
          return caller;
        });
  }

  private Caller toCaller(JsonObject claims) {
    if (!(claims.getValue("exp") instanceof Number)) {
      throw new ProblemException(ErrorCode.UNAUTHORIZED, "The token has no expiry.");
    }
    if (!(claims.getValue("sub") instanceof String sub) || sub.isBlank()) {
      throw new ProblemException(ErrorCode.UNAUTHORIZED, "The token has no subject (a non-empty string).");
    }
    Object quota = claims.getValue(quotaClaim);
    return new Caller(sub, scopes(claims), quota instanceof Number n ? OptionalInt.of(n.intValue()) : OptionalInt.empty());
  }

  private static Set<String> scopes(JsonObject claims) {
    Set<String> scopes = new HashSet<>();
    Object scope = claims.getValue(SCOPE_CLAIM);
    if (scope instanceof String s) {
      scopes.addAll(List.of(s.trim().split("\\s+")));
    }
    Object scp = claims.getValue(SCP_CLAIM);
    if (scp instanceof JsonArray a) {
      a.forEach(v -> scopes.add(String.valueOf(v)));
    }
    return Set.copyOf(scopes);
  }

  private JWTOptions jwtOptions() {
    JWTOptions o = new JWTOptions().setLeeway(LEEWAY_SECONDS).setIgnoreExpiration(false);
    if (!config.issuer().isEmpty()) {
      o.setIssuer(config.issuer());
    }
    if (!config.audience().isEmpty()) {
      o.setAudience(List.of(config.audience()));
    }
    return o;
  }

  private void install(List<JsonObject> keys) {
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(jwtOptions());
    keys.forEach(options::addJwk);
    provider.set(JWTAuth.create(vertx, options));
    verified.clear();
  }

  private void refresh() {
    loadJwks().onSuccess(this::install)
        .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "JWKS refresh failed, keeping the current keys: " + e.getMessage()));
  }

  private Future<List<JsonObject>> loadJwks() {
    String source = config.jwks();
    Future<Buffer> body = source.startsWith("https://") || source.startsWith("http://")
        ? fetch(source)
        : vertx.fileSystem().readFile(source);
    return body.map(b -> Jwks.usableKeys(new JsonObject(b)));
  }

  private Future<Buffer> fetch(String url) {
    if (jwksClient == null) {
      jwksClient = vertx.createHttpClient();
    }
    return jwksClient
        .request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
        .compose(req -> req.send())
        .compose(resp -> resp.statusCode() == 200 ? resp.body()
            : Future.failedFuture("JWKS " + url + " answered " + resp.statusCode()));
  }
}
