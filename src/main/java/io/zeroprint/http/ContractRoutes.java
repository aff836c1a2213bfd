package io.zeroprint.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;

/**
 * {@code GET /openapi.yaml}, {@code GET /asyncapi.yaml} and {@code GET /schemas/{name}.json}: the
 * contract, public, from memory. The schemas sit next to the documents so that the documents'
 * relative references resolve against the served copies too. Revalidated on every use
 * ({@code no-cache}); an unchanged document costs a 304.
 */
final class ContractRoutes {
  private final ContractFiles files;

  ContractRoutes(ContractFiles files) {
    this.files = files;
  }

  void routes(Router router) {
    router.get("/openapi.yaml").handler(rc -> send(rc, "openapi.yaml"));
    router.get("/asyncapi.yaml").handler(rc -> send(rc, "asyncapi.yaml"));
    router.get("/schemas/:name").handler(this::schema);
  }

  private void schema(RoutingContext rc) {
    send(rc, "schemas/" + rc.pathParam("name"));
  }

  private void send(RoutingContext rc, String name) {
    files.find(name).orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND)).send(rc);
  }
}
