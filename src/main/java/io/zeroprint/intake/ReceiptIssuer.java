package io.zeroprint.intake;

import io.vertx.core.Vertx;
import io.zeroprint.buffer.MemoryAccount;
import io.zeroprint.jobs.Job;
import io.zeroprint.receipt.Receipt;
import io.zeroprint.receipt.ReceiptBook;
import io.zeroprint.receipt.ReceiptSigner;
import java.time.Instant;

/**
 * Issues a job's privacy receipt once the job holds nothing and every byte of image memory taken for
 * it has been zeroed: the zeroed figure is the pool's own count for the job's memory account, not an
 * estimate. Signing (Ed25519, about a millisecond) runs off the event loop.
 */
final class ReceiptIssuer {
  private static final System.Logger LOG = System.getLogger(ReceiptIssuer.class.getName());

  private final Vertx vertx;
  private final ReceiptSigner signer;
  private final ReceiptBook book;

  ReceiptIssuer(Vertx vertx, ReceiptSigner signer, ReceiptBook book) {
    this.vertx = vertx;
    this.signer = signer;
    this.book = book;
  }

  void follow(Job job, MemoryAccount account) {
    book.expect(job.id(), job.subject());
    job.released().thenCompose(j -> account.whenDrained()).thenRun(() -> vertx.executeBlocking(() -> {
      Receipt r = new Receipt(job.id(), job.effect(), job.received(), account.zeroedBytes(), job.delivered(),
          job.retainedUntil(), Instant.now());
      return signer.sign(r);
    }, false).onSuccess(jws -> {
      book.issued(job.id(), job.subject(), jws);
      job.receipt().complete(jws);
    }).onFailure(e -> {
      book.issued(job.id(), job.subject(), null);
      job.receipt().completeExceptionally(e);
      LOG.log(System.Logger.Level.ERROR, "receipt not issued: " + e.getClass().getName());
    }));
  }
}
