import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The two comparison servers for the ingest benchmark, on the same Vert.x as zeroprint:
 *
 * <ul>
 *   <li>{@code discard}: reads every chunk of the body and drops it, then answers 204 — the ceiling
 *       for "bytes off the socket" on this machine;</li>
 *   <li>{@code bodyhandler DIR}: Vert.x Web's default {@link BodyHandler}, which streams multipart
 *       file parts to files in DIR (deleted when the request ends), then answers 204 — what a typical
 *       Vert.x upload endpoint does.</li>
 * </ul>
 *
 * Both use as many event-loop instances as zeroprint's default (one per core), the same server
 * options zeroprint sets, and one random port shared by the instances. Prints
 * {@code listening on http://127.0.0.1:PORT} once ready; stops on SIGTERM.
 */
public final class PeerServer {
  private static final String HOST = "127.0.0.1";
  /** Vert.x: a negative port is one random port shared by all instances. */
  private static final int SHARED_RANDOM_PORT = -1;
  private static final int IDLE_TIMEOUT_SECONDS = 30;
  private static final long BODY_LIMIT_BYTES = 25L << 20; // zeroprint's default limits.maxUploadBytes
  private static final String PATH = "/v1/bench/ingest";
  private static final int HTTP_NO_CONTENT = 204; // as zeroprint's ingest route answers

  public static void main(String[] args) {
    String mode = args[0];
    String uploadsDir = args.length > 1 ? args[1] : null;
    Vertx vertx = Vertx.vertx();
    List<Integer> ports = new CopyOnWriteArrayList<>();
    int instances = Runtime.getRuntime().availableProcessors();
    vertx.deployVerticle(() -> new Peer(mode, uploadsDir, ports), new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.println(mode + " listening on http://" + HOST + ":" + ports.get(0)))
        .onFailure(err -> {
          err.printStackTrace();
          System.exit(1);
        });
  }

  private static final class Peer extends VerticleBase {
    private final String mode;
    private final String uploadsDir;
    private final List<Integer> ports;

    Peer(String mode, String uploadsDir, List<Integer> ports) {
      this.mode = mode;
      this.uploadsDir = uploadsDir;
      this.ports = ports;
    }

    @Override
    public Future<?> start() {
      Router router = Router.router(vertx);
      switch (mode) {
        case "discard" -> router.post(PATH).handler(Peer::discard);
        case "bodyhandler" -> {
          router.post(PATH).handler(BodyHandler.create(uploadsDir).setBodyLimit(BODY_LIMIT_BYTES)
              .setDeleteUploadedFilesOnEnd(true));
          router.post(PATH).handler(rc -> rc.response().setStatusCode(HTTP_NO_CONTENT).end());
        }
        default -> throw new IllegalArgumentException("mode: discard | bodyhandler DIR");
      }
      HttpServerOptions options = new HttpServerOptions().setHost(HOST).setPort(SHARED_RANDOM_PORT)
          .setIdleTimeout(IDLE_TIMEOUT_SECONDS).setCompressionSupported(false);
      HttpServer server = vertx.createHttpServer(options).requestHandler(router);
      return server.listen().onSuccess(s -> ports.add(s.actualPort()));
    }

    private static void discard(RoutingContext rc) {
      rc.request().handler(chunk -> { });
      rc.request().endHandler(v -> rc.response().setStatusCode(HTTP_NO_CONTENT).end());
      rc.request().resume(); // the router pauses the request until a handler takes the body
    }
  }
}
