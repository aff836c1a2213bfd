package io.zeroprint.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The mobile round trip with a small photo, in small chunks: two drops, a verified webhook, one
 * result, no image memory left.
 */
class PhoneOnAFlakyLinkTest extends FlakyLinkRoundTrip {
  private static final int CHUNK = 16 * 1024;

  @Test
  void aPhotoSentOverALinkThatDropsTwiceEndsInAVerifiedWebhookAndOneResult() throws Exception {
    byte[] photo = resource("images/rocket.jpg");
    byte[] result = portraitOverAFlakyLink(photo, CHUNK, TIMEOUT, 30_000, 75_000);
    assertEquals(PhonePhoto.decode(photo).getWidth(), PhonePhoto.decode(result).getWidth());
    assertBuffersReleased();
  }
}
