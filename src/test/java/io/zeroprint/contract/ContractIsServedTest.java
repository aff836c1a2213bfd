package io.zeroprint.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zeroprint.ServerTestBase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract is served publicly, byte for byte the repository's copy, revalidated by ETag. */
class ContractIsServedTest extends ServerTestBase {
  private HttpResponse<byte[]> anonymous(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  @Test
  void theOpenApiDocumentIsServedWithoutATokenAsTheRepositoryHasIt() {
    HttpResponse<byte[]> resp = anonymous("/openapi.yaml");
    assertEquals(200, resp.statusCode());
    assertEquals("application/yaml", resp.headers().firstValue("content-type").orElse(""));
    assertEquals("no-cache", resp.headers().firstValue("cache-control").orElse(""));
    assertArrayEquals(ContractSchemas.bytes("contract/openapi.yaml"), resp.body());
  }

  @Test
  void everySchemaIsServedNextToTheDocumentsSoRelativeReferencesResolve() {
    List<String> names = ContractSchemas.names();
    assertTrue(names.containsAll(List.of("problem.json", "problem-code.json", "job.json", "effect-options.json")), names::toString);
    for (String name : names) {
      HttpResponse<byte[]> resp = anonymous("/schemas/" + name);
      assertEquals(200, resp.statusCode(), name);
      assertEquals("application/schema+json", resp.headers().firstValue("content-type").orElse(""), name);
      assertArrayEquals(ContractSchemas.bytes("contract/schemas/" + name), resp.body(), name);
    }
  }

  @Test
  void theAsyncApiDocumentIsServedAsTheRepositoryHasIt() {
    assumeTrue(getClass().getClassLoader().getResource("contract/asyncapi.yaml") != null, "no asyncapi.yaml yet");
    HttpResponse<byte[]> resp = anonymous("/asyncapi.yaml");
    assertEquals(200, resp.statusCode());
    assertEquals("application/yaml", resp.headers().firstValue("content-type").orElse(""));
    assertArrayEquals(ContractSchemas.bytes("contract/asyncapi.yaml"), resp.body());
  }

  @Test
  void anUnchangedDocumentIsA304WithoutABody() {
    String etag = anonymous("/openapi.yaml").headers().firstValue("etag").orElseThrow();
    HttpResponse<byte[]> again = anonymous("/openapi.yaml", "If-None-Match", etag);
    assertEquals(304, again.statusCode());
    assertEquals(0, again.body().length);
    assertEquals(etag, again.headers().firstValue("etag").orElse(""));
  }

  @Test
  void aSchemaTheContractDoesNotHaveIsNotFound() {
    assertProblem(anonymous("/schemas/secrets.json"), 404, "not_found");
    assertFalse(new String(anonymous("/schemas/..%2Fopenapi.yaml").body()).startsWith("openapi"));
  }
}
