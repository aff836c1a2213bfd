package io.zeroprint.http;

import io.vertx.core.http.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks that each text message of a socket is valid UTF-8, frame by frame as it arrives (Vert.x
 * would otherwise decode invalid bytes leniently into replacement characters). Text messages are
 * commands, never image data, and the message size limit bounds what is held.
 */
final class TextFrames {
  private final ByteArrayOutputStream message = new ByteArrayOutputStream();
  private boolean inText;

  /** False when a complete text message is not valid UTF-8. */
  boolean accept(WebSocketFrame frame) {
    if (frame.isText()) {
      message.reset();
      inText = true;
    } else if (!frame.isContinuation() || !inText) {
      inText = inText && !frame.isBinary();
      return true;
    }
    message.writeBytes(frame.binaryData().getBytes());
    if (!frame.isFinal()) {
      return true;
    }
    inText = false;
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(message.toByteArray()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    } finally {
      message.reset();
    }
  }
}
