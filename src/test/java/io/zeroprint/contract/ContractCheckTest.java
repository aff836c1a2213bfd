package io.zeroprint.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check itself: it fails an undeclared status, header, field or media type, and passes what the document says. */
class ContractCheckTest {
  private final ContractCheck check = new ContractCheck(OpenApiDocument.get(), true);
  private static final String JOB = "{\"type\":\"job\",\"job\":\"j1\",\"seq\":1,\"state\":\"queued\","
      + "\"created\":\"2026-11-30T10:00:00.123456Z\",\"progress\":{\"upload\":{\"received\":10,\"total\":10},"
      + "\"queue\":{\"position\":1}},\"links\":{\"receipt\":\"/v1/receipts/j1\"}}";

  private static ContractCheck.Exchange answer(String method, String path, int status, Map<String, List<String>> headers,
      String body) {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    return new ContractCheck.Exchange(method, URI.create("http://127.0.0.1" + path), Map.of(), false, status, headers,
        bytes, bytes.length);
  }

  private static Map<String, List<String>> json() {
    return Map.of("content-type", List.of("application/json"));
  }

  @Test
  void anAnswerAsTheDocumentSaysPasses() {
    assertEquals(List.of(), check.violations(answer("GET", "/v1/jobs/j1", 200, json(), JOB)));
  }

  @Test
  void anUndeclaredStatusFailsNamingTheOperation() {
    List<String> v = check.violations(answer("GET", "/v1/jobs/j1", 418, json(), JOB));
    assertEquals(1, v.size(), v::toString);
    assertTrue(v.get(0).startsWith("getJob (GET /v1/jobs/{id}) 418: status 418 is not declared"), v.get(0));
  }

  @Test
  void anUndeclaredFieldFails() {
    String extra = JOB.replace("\"seq\":1", "\"seq\":1,\"owner\":\"someone\"");
    List<String> v = check.violations(answer("GET", "/v1/jobs/j1", 200, json(), extra));
    assertTrue(!v.isEmpty() && v.get(0).startsWith("getJob (GET /v1/jobs/{id}) 200: body"), v::toString);
  }

  @Test
  void anUndeclaredHeaderFails() {
    Map<String, List<String>> headers = Map.of("content-type", List.of("application/json"), "x-debug", List.of("1"));
    List<String> v = check.violations(answer("GET", "/v1/jobs/j1", 200, headers, JOB));
    assertEquals(List.of("getJob (GET /v1/jobs/{id}) 200: header x-debug is not declared"), v);
  }

  @Test
  void anUndeclaredMediaTypeFails() {
    Map<String, List<String>> headers = Map.of("content-type", List.of("text/html"));
    List<String> v = check.violations(answer("GET", "/v1/jobs/j1", 200, headers, "<p>job</p>"));
    assertEquals(1, v.size(), v::toString);
    assertTrue(v.get(0).contains("media type text/html is not declared"), v.get(0));
  }

  @Test
  void aProblemWhoseCodeIsNotInTheCatalogueFails() {
    Map<String, List<String>> headers = Map.of("content-type", List.of("application/problem+json"));
    String problem = "{\"type\":\"urn:zeroprint:problem:oops\",\"title\":\"t\",\"status\":404,\"detail\":\"d\",\"code\":\"oops\"}";
    List<String> v = check.violations(answer("GET", "/v1/jobs/j1", 404, headers, problem));
    assertTrue(v.stream().anyMatch(e -> e.startsWith("getJob (GET /v1/jobs/{id}) 404: body #/code")), v::toString);
  }

  @Test
  void anAcceptedRequestWithAnUndeclaredQueryParameterFails() {
    ContractCheck.Exchange x = new ContractCheck.Exchange("GET", URI.create("http://127.0.0.1/v1/jobs/j1?verbose=1"),
        Map.of(), false, 200, json(), JOB.getBytes(StandardCharsets.UTF_8), JOB.length());
    assertEquals(List.of("getJob (GET /v1/jobs/{id}) 200: the request's query parameter 'verbose' is not declared"),
        check.violations(x));
  }

  @Test
  void aPathTheDocumentDoesNotHaveMayOnlyBeNotFound() {
    Map<String, List<String>> headers = Map.of("content-type", List.of("application/json"));
    List<String> v = check.violations(answer("GET", "/v1/secret", 200, headers, "{}"));
    assertEquals(1, v.size(), v::toString);
    assertTrue(v.get(0).contains("no such path"), v.get(0));
  }
}
