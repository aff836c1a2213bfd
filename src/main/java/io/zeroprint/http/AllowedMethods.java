package io.zeroprint.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The methods a path allows, read from the router's own routes, for the {@code Allow} header of a 405. */
final class AllowedMethods {
  private static final Pattern PARAM = Pattern.compile(":[A-Za-z]+");

  private final Router router;

  AllowedMethods(Router router) {
    this.router = router;
  }

  /** e.g. {@code DELETE, GET}; empty when no route names the path. */
  String of(String path) {
    Set<String> methods = new TreeSet<>();
    for (Route r : router.getRoutes()) {
      if (r.getPath() != null && r.methods() != null && !r.methods().isEmpty() && matches(r.getPath(), path)) {
        r.methods().stream().map(HttpMethod::name).forEach(methods::add);
      }
    }
    return String.join(", ", methods);
  }

  private static boolean matches(String template, String path) {
    String regex = PARAM.matcher(Pattern.quote(template)).replaceAll("\\\\E[^/]+\\\\Q");
    return path.matches(regex);
  }
}
