package io.zeroprint.image;

/** Adler-32 arithmetic the JDK does not expose. */
final class Adler32s {
  private static final long BASE = 65521;
  private static final int HALF = 16;
  private static final long LOW = 0xffff;

  private Adler32s() {}

  /**
   * The Adler-32 of A followed by B, from the checksums of A and B and the length of B (zlib's
   * {@code adler32_combine}): lets row bands deflated apart end in one checksum over all of them.
   */
  static int combine(int adlerA, int adlerB, long lengthB) {
    long a = adlerA & 0xffffffffL;
    long b = adlerB & 0xffffffffL;
    long rem = lengthB % BASE;
    long sum1 = a & LOW;
    long sum2 = (rem * sum1) % BASE;
    sum1 += (b & LOW) + BASE - 1;
    sum2 += ((a >>> HALF) & LOW) + ((b >>> HALF) & LOW) + BASE - rem;
    sum1 %= BASE;
    sum2 %= BASE;
    return (int) ((sum2 << HALF) | sum1);
  }
}
