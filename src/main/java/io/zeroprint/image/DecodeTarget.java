package io.zeroprint.image;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.ByteLease;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;

/**
 * Where the reader writes decoded pixels: a BufferedImage over a budgeted lease, zeroed on close,
 * instead of an array the reader allocates on its own. A JPEG (not CMYK) is decoded straight into
 * the RGB layout of {@link RgbImage}, libjpeg converting grey and YCbCr and the reader an embedded
 * profile on the way; an 8-bit PNG into its own interleaved layout. Other layouts (16-bit, palette,
 * fewer than 8 bits) keep the reader's own raster, which the decoder zeroes after copying it.
 */
final class DecodeTarget implements AutoCloseable {
  private static final int[][] OFFSETS = {{0}, {0, 1}, {0, 1, 2}, {0, 1, 2, 3}};

  private final ByteLease lease;
  private final BufferedImage image;

  private DecodeTarget(ByteLease lease, BufferedImage image) {
    this.lease = lease;
    this.image = image;
  }

  /** An sRGB RGB destination in the layout of {@link RgbImage}. */
  static DecodeTarget rgb(BufferStore store, int w, int h) {
    ByteLease lease = store.leaseBytes(Math.multiplyExact(Math.multiplyExact(w, h), RgbImage.CHANNELS));
    ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
        Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
    return new DecodeTarget(lease, new BufferedImage(cm, interleaved(lease, w, h, RgbImage.CHANNELS), false, null));
  }

  /** A destination in the reader's own layout if that is 8-bit interleaved samples, else null. */
  static DecodeTarget samples(ImageReader reader, BufferStore store, int w, int h) throws IOException {
    Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
    if (!types.hasNext()) {
      return null;
    }
    ImageTypeSpecifier type = types.next();
    if (!(type.getColorModel() instanceof ComponentColorModel cm)
        || !(type.getSampleModel() instanceof PixelInterleavedSampleModel sm)
        || sm.getDataType() != DataBuffer.TYPE_BYTE || sm.getNumBands() > OFFSETS.length) {
      return null;
    }
    ByteLease lease = store.leaseBytes(Math.multiplyExact(Math.multiplyExact(w, h), sm.getNumBands()));
    return new DecodeTarget(lease, new BufferedImage(cm, interleaved(lease, w, h, sm.getNumBands()), false, null));
  }

  private static WritableRaster interleaved(ByteLease lease, int w, int h, int bands) {
    return Raster.createInterleavedRaster(new DataBufferByte(lease.bytes(), lease.bytes().length), w, h, w * bands,
        bands, OFFSETS[bands - 1], null);
  }

  ImageReadParam param(ImageReader reader) {
    ImageReadParam param = reader.getDefaultReadParam();
    param.setDestination(image);
    return param;
  }

  BufferedImage image() {
    return image;
  }

  /** The lease, now owned by the caller (for an RGB target that becomes the image's pixels). */
  ByteLease take() {
    return lease;
  }

  @Override
  public void close() {
    lease.close();
  }
}
