package io.zeroprint.http;

import io.vertx.core.json.JsonObject;
import io.zeroprint.error.ErrorCode;

/** Where a job's resources live on this API: added to a job's JSON as it leaves the server. */
final class JobLinks {
  private static final String JOBS = "/v1/jobs/";

  private JobLinks() {}

  static String self(String jobId) {
    return JOBS + jobId;
  }

  static String result(String jobId) {
    return JOBS + jobId + "/result";
  }

  static String events(String jobId) {
    return JOBS + jobId + "/events";
  }

  /**
   * A job event or status as sent: the result's {@code href}, the job's receipt link, and the HTTP
   * status of an error code.
   */
  static JsonObject render(JsonObject event) {
    JsonObject out = event.copy().put("links", new JsonObject().put("receipt", Receipts.link(event.getString("job"))));
    JsonObject result = out.getJsonObject("result");
    if (result != null) {
      result.put("href", result(out.getString("job")));
    }
    JsonObject error = out.getJsonObject("error");
    if (error != null) {
      error.put("status", ProblemStatus.of(ErrorCode.valueOf(error.getString("code").toUpperCase(java.util.Locale.ROOT))));
    }
    return out;
  }
}
