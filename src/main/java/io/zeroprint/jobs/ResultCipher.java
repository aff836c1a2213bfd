package io.zeroprint.jobs;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for retained results, one random key per result. The key goes to the client once and
 * is zeroed here after encrypting, so what is stored is unreadable at rest, and deleting the
 * ciphertext (or losing the key) destroys the result for good. Layout: nonce (12) ‖ ciphertext ‖ tag (16).
 */
public final class ResultCipher {
  public static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int CHUNK = 64 * 1024;
  private static final String TRANSFORM = "AES/GCM/NoPadding";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final BufferStore store;

  public ResultCipher(BufferStore store) {
    this.store = store;
  }

  public static byte[] newKey() {
    byte[] k = new byte[KEY_BYTES];
    RANDOM.nextBytes(k);
    return k;
  }

  public static String encodeKey(byte[] key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  /** The key a client presents; {@code RESULT_KEY_INVALID} if it is not one. */
  public static byte[] decodeKey(String text) {
    try {
      byte[] k = Base64.getUrlDecoder().decode(text == null ? "" : text.trim());
      if (k.length != KEY_BYTES) {
        throw new IllegalArgumentException();
      }
      return k;
    } catch (IllegalArgumentException e) {
      throw new ProblemException(ErrorCode.RESULT_KEY_INVALID);
    }
  }

  /** Encrypts {@code plain} (not released here) bound to {@code jobId}; the key is zeroed afterwards. */
  public SegmentBuffer encrypt(SegmentBuffer plain, byte[] key, String jobId) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    SegmentBuffer out = store.open(plain.length() + NONCE_BYTES + TAG_BITS / 8);
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, key, nonce, jobId);
      out.write(0, nonce, 0, NONCE_BYTES);
      pump(c, plain, 0, out);
      return out;
    } catch (GeneralSecurityException | RuntimeException e) {
      out.release();
      throw new IllegalStateException("encryption failed", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Decrypts and authenticates; {@code RESULT_KEY_INVALID} for a wrong key or altered ciphertext. */
  public SegmentBuffer decrypt(SegmentBuffer sealed, byte[] key, String jobId) {
    byte[] nonce = new byte[NONCE_BYTES];
    sealed.read(0, nonce, 0, NONCE_BYTES);
    SegmentBuffer out = store.open(sealed.length());
    try {
      pump(cipher(Cipher.DECRYPT_MODE, key, nonce, jobId), sealed, NONCE_BYTES, out);
      return out;
    } catch (AEADBadTagException e) {
      out.release();
      throw new ProblemException(ErrorCode.RESULT_KEY_INVALID);
    } catch (GeneralSecurityException e) {
      out.release();
      throw new IllegalStateException("decryption failed", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static Cipher cipher(int mode, byte[] key, byte[] nonce, String jobId) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance(TRANSFORM);
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    c.updateAAD(jobId.getBytes(StandardCharsets.UTF_8));
    return c;
  }

  /** Streams {@code in} from {@code from} through the cipher into {@code out}, zeroing its chunks. */
  private static void pump(Cipher c, SegmentBuffer in, long from, SegmentBuffer out) throws GeneralSecurityException {
    byte[] chunk = new byte[CHUNK];
    byte[] produced = new byte[0];
    try {
      long pos = from;
      int n;
      while ((n = in.read(pos, chunk, 0, CHUNK)) > 0) {
        produced = c.update(chunk, 0, n);
        if (produced != null && produced.length > 0) {
          out.write(out.length(), produced, 0, produced.length);
          Arrays.fill(produced, (byte) 0);
        }
        pos += n;
      }
      produced = c.doFinal();
      out.write(out.length(), produced, 0, produced.length);
    } finally {
      Arrays.fill(chunk, (byte) 0);
      if (produced != null) {
        Arrays.fill(produced, (byte) 0);
      }
    }
  }
}
