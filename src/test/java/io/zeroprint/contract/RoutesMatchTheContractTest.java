package io.zeroprint.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.zeroprint.ServerTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every route of a started server is in {@code openapi.yaml}, and every operation there is served —
 * but for the two routes left out on purpose (benchmark only, development only).
 */
class RoutesMatchTheContractTest extends ServerTestBase {

  private final OpenApiDocument doc = OpenApiDocument.get();

  @Override
  protected JsonObject overrides() {
    JsonObject o = super.overrides();
    o.getJsonObject("http").put("ingestBenchmarkRoute", true);
    // Development mode (no JWKS), so the development-only token route is there to be matched too.
    o.put("auth", new JsonObject().put("jwks", ""));
    return o;
  }

  /** Routes with a path that is not a prefix pattern (the guards' {@code /v1/*}). */
  private List<Route> routes() {
    List<Route> out = new ArrayList<>();
    for (Route r : server.router().getRoutes()) {
      if (r.getPath() != null && r.isExactPath()) {
        out.add(r);
      }
    }
    return out;
  }

  private static Set<HttpMethod> methodsOf(Route r) {
    return r.methods() == null ? Set.of() : r.methods();
  }

  private static String documentForm(String routePath) {
    return routePath.replaceAll(":([A-Za-z]+)", "{$1}");
  }

  @Test
  void everyRouteTheRouterHasIsInTheContract() {
    List<String> missing = new ArrayList<>();
    for (Route r : routes()) {
      String path = documentForm(r.getPath());
      if (ContractCheck.NOT_IN_CONTRACT.contains(path)) {
        continue;
      }
      String concrete = path.replaceAll("\\{[^}]+}", "x");
      String template = doc.pathOf(concrete).orElse(null);
      if (template == null) {
        missing.add(path);
        continue;
      }
      for (HttpMethod m : methodsOf(r)) {
        if (doc.operation(template, m.name()).isEmpty()) {
          missing.add(m.name() + " " + path);
        }
      }
    }
    assertTrue(missing.isEmpty(), () -> "routes the contract does not have: " + missing);
  }

  @Test
  void everyOperationInTheContractIsServed() {
    List<String> unserved = new ArrayList<>();
    for (OpenApiDocument.Operation op : doc.operations()) {
      Pattern template = Pattern.compile(Pattern.quote(op.path()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
      boolean served = routes().stream().anyMatch(r -> template.matcher(documentForm(r.getPath())).matches()
          && methodsOf(r).stream().anyMatch(m -> m.name().toLowerCase(Locale.ROOT).equals(op.method())));
      if (!served) {
        unserved.add(op.method().toUpperCase(Locale.ROOT) + " " + op.path() + " (" + op.id() + ")");
      }
    }
    assertTrue(unserved.isEmpty(), () -> "operations no route serves: " + unserved);
  }
}
