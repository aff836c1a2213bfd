package io.zeroprint.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The route template a request path matches ({@code /v1/jobs/:id}), read from the router's own
 * routes, so a log line names the route and never the raw path: a path the server does not serve
 * could hold anything a client typed.
 */
final class RouteTemplates {
  static final String UNKNOWN = "-";
  private static final Pattern PARAM = Pattern.compile(":[A-Za-z]+");

  private record Template(String path, List<HttpMethod> methods, Pattern pattern) {}

  private final Router router;
  private volatile List<Template> templates;

  RouteTemplates(Router router) {
    this.router = router;
  }

  /** The template of a route for this method and path, else of one for the path, else {@value #UNKNOWN}. */
  String of(HttpMethod method, String path) {
    if (path == null) {
      return UNKNOWN;
    }
    String anyMethod = null;
    for (Template t : templates()) {
      if (t.pattern().matcher(path).matches()) {
        if (t.methods().contains(method)) {
          return t.path();
        }
        anyMethod = anyMethod == null ? t.path() : anyMethod;
      }
    }
    return anyMethod == null ? UNKNOWN : anyMethod;
  }

  /** Read once, on first use: the routes are all in place once the server listens. */
  private List<Template> templates() {
    List<Template> t = templates;
    if (t == null) {
      t = router.getRoutes().stream()
          .filter(r -> r.getPath() != null && r.methods() != null && !r.methods().isEmpty())
          .map(r -> new Template(r.getPath(), List.copyOf(r.methods()), pattern(r)))
          .toList();
      templates = t;
    }
    return t;
  }

  private static Pattern pattern(Route r) {
    return Pattern.compile(PARAM.matcher(Pattern.quote(r.getPath())).replaceAll("\\\\E[^/]+\\\\Q"));
  }
}
