package io.zeroprint.http;

import io.vertx.core.Future;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;

/** A result store that cannot be reached (e.g. Redis down) is a 503 to retry, never a 500 or a false answer. */
final class StoreFailures {
  private StoreFailures() {}

  static <T> Future<T> guard(Future<T> storeCall) {
    return storeCall.recover(err -> Future.failedFuture(err instanceof ProblemException p ? p
        : new ProblemException(ErrorCode.STORE_UNAVAILABLE)));
  }
}
