package io.zeroprint.http;

import io.vertx.core.Future;
import io.zeroprint.error.ProblemException;
import io.zeroprint.intake.Intake;
import io.zeroprint.intake.Submitted;
import io.zeroprint.intake.Ticket;
import java.util.Map;

/** Hands a received HTTP upload to the intake, with the options that came in its body. */
final class Submissions {
  private Submissions() {}

  static Future<Submitted> submit(Intake intake, Ticket ticket, UploadReceiver.Upload upload) {
    Map<String, Object> late;
    try {
      late = RawOptions.ofJson(upload.optionsJson());
    } catch (ProblemException p) {
      upload.image().release();
      return Future.failedFuture(p);
    }
    return intake.submit(ticket, upload.image(), late);
  }
}
