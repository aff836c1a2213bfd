package io.zeroprint.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import io.zeroprint.TestTokens;
import io.zeroprint.client.ApiClient;
import io.zeroprint.client.ApiException;
import io.zeroprint.client.ApiResponse;
import io.zeroprint.client.api.EnhanceApi;
import io.zeroprint.client.api.JobsApi;
import io.zeroprint.client.api.MeApi;
import io.zeroprint.client.model.Erased;
import io.zeroprint.client.model.Job;
import io.zeroprint.client.model.JobDeleted;
import io.zeroprint.client.model.MyData;
import io.zeroprint.client.model.MyDataJobsInner;
import io.zeroprint.client.model.Problem;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The server through the Java client generated from {@code openapi.yaml} at build time (never
 * committed): a client author's view. The client's mapper refuses members the contract does not
 * declare, and its requests go through the suite's contract-checking HTTP client.
 */
class GeneratedClientTest extends ServerTestBase {
  private static final byte[] PHOTO = TestImages.encode(TestImages.gradient(40, 30), "png");

  /** A client for one caller: its token on every request, the test's timeout on every answer. */
  private ApiClient client(String subject) {
    ObjectMapper strict = ApiClient.createDefaultObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    String token = TestTokens.token(subject, "enhance");
    ApiClient client = new ApiClient(HttpClient.newBuilder(), strict, "http://127.0.0.1:" + server.port()) {
      /** The suite's client, which checks every exchange against the contract too. */
      @Override
      public HttpClient getHttpClient() {
        return http;
      }
    };
    return client.setReadTimeout(TIMEOUT)
        .setRequestInterceptor(b -> b.header("Authorization", "Bearer " + token));
  }

  @Test
  void aRawPngIsUpscaledThroughTheGeneratedClient() throws Exception {
    EnhanceApi enhance = new EnhanceApi(client("client-sync"));
    ApiResponse<byte[]> answer = enhance.enhanceWithHttpInfo(PHOTO, "upscale", 2, null, null, null, "png", null, null, null,
        null, null, null, null);
    assertEquals(200, answer.getStatusCode());
    assertEquals(List.of("image/png"), answer.getHeaders().get("content-type"));
    BufferedImage result = decode(answer.getData());
    assertEquals(80, result.getWidth());
    assertEquals(60, result.getHeight());
    assertEquals(List.of("80"), answer.getHeaders().get("zeroprint-width"));
    assertBuffersReleased();
  }

  @Test
  void aJobIsSubmittedFollowedCollectedOnceAndThenGone() throws Exception {
    ApiClient client = client("client-jobs");
    JobsApi jobs = new JobsApi(client);
    Job submitted = jobs.submitJob(PHOTO, "upscale", 2, null, null, null, null, null, null, null, null, null, null);
    String id = submitted.getJob();
    assertNotNull(id);
    String events = eventsUntilTheEnd(id, "client-jobs");
    assertTrue(events.contains("\"state\":\"done\""), events);
    Job done = jobs.getJob(id);
    assertEquals(Job.StateEnum.DONE, done.getState());
    assertEquals(80, done.getResult().getWidth());
    byte[] png = jobs.getJobResult(id, null);
    assertEquals(done.getResult().getBytes(), png.length);
    assertEquals(60, decode(png).getHeight());
    Problem gone = problem(client, assertThrows(ApiException.class, () -> jobs.getJob(id)));
    assertEquals(410, gone.getStatus());
    assertEquals(Problem.CodeEnum.RESULT_GONE, gone.getCode());
    assertBuffersReleased();
  }

  @Test
  void aDeletedJobAnswersWhatWasDoneAndIsThenGone() throws Exception {
    ApiClient client = client("client-delete");
    JobsApi jobs = new JobsApi(client);
    String id = jobs.submitJob(PHOTO, null, null, null, null, null, null, null, null, null, null, null, null).getJob();
    JobDeleted deleted = jobs.deleteJob(id);
    assertEquals(id, deleted.getJob());
    assertTrue(List.of(JobDeleted.StateEnum.CANCELLED, JobDeleted.StateEnum.ERASED).contains(deleted.getState()),
        String.valueOf(deleted.getState()));
    ApiException e = assertThrows(ApiException.class, () -> jobs.getJobResult(id, null));
    Problem problem = problem(client, e);
    assertEquals(e.getCode(), problem.getStatus());
    assertTrue(List.of(Problem.CodeEnum.RESULT_GONE, Problem.CodeEnum.NOT_FOUND).contains(problem.getCode()),
        String.valueOf(problem.getCode()));
    assertBuffersReleased();
  }

  @Test
  void theCallersDataIsListedAndErasedThroughTheGeneratedClient() throws Exception {
    ApiClient client = client("client-rights");
    String id = new JobsApi(client).submitJob(PHOTO, null, null, null, null, null, null, null, null, null, null, null, null)
        .getJob();
    MeApi me = new MeApi(client);
    MyData before = me.getMyData();
    assertTrue(before.getJobs().stream().map(MyDataJobsInner::getId).anyMatch(id::equals), before.toString());
    Erased erased = me.eraseMe();
    assertEquals(1, erased.getErased().getJobsCancelled());
    assertEquals(List.of(), me.getMyData().getJobs());
    assertBuffersReleased();
  }

  /**
   * The job's event stream, read whole: it ends once the job has ended, so this is the wait for the
   * end. Read as text (a typed client has no event-stream reader; the messages are the AsyncAPI
   * document's).
   */
  private String eventsUntilTheEnd(String id, String subject) {
    HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(uri("/v1/jobs/" + id + "/events")).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + TestTokens.token(subject, "enhance")).GET().build());
    assertEquals(200, resp.statusCode());
    return new String(resp.body(), StandardCharsets.UTF_8);
  }

  /** The problem an error answer carries, read as the generated model (strictly: no undeclared member). */
  private static Problem problem(ApiClient client, ApiException e) throws IOException {
    assertEquals("application/problem+json", e.getResponseHeaders().firstValue("content-type").orElse(""));
    return client.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
  }

  private static BufferedImage decode(byte[] image) {
    try {
      return ImageIO.read(new ByteArrayInputStream(image));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
