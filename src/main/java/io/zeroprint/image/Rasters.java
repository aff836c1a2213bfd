package io.zeroprint.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferDouble;
import java.awt.image.DataBufferFloat;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferShort;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.util.Arrays;

/** Zeroes every bank of a decoder's raster, whatever its storage type. */
final class Rasters {
  private Rasters() {}

  static void zero(BufferedImage img) {
    if (img != null) {
      zero(img.getRaster());
    }
  }

  static void zero(Raster raster) {
    if (raster == null) {
      return;
    }
    DataBuffer db = raster.getDataBuffer();
    for (int bank = 0; bank < db.getNumBanks(); bank++) {
      if (db instanceof DataBufferByte b) {
        Arrays.fill(b.getData(bank), (byte) 0);
      } else if (db instanceof DataBufferUShort s) {
        Arrays.fill(s.getData(bank), (short) 0);
      } else if (db instanceof DataBufferShort s) {
        Arrays.fill(s.getData(bank), (short) 0);
      } else if (db instanceof DataBufferInt i) {
        Arrays.fill(i.getData(bank), 0);
      } else if (db instanceof DataBufferFloat f) {
        Arrays.fill(f.getData(bank), 0f);
      } else if (db instanceof DataBufferDouble d) {
        Arrays.fill(d.getData(bank), 0d);
      } else {
        for (int i = 0; i < db.getSize(); i++) {
          db.setElem(bank, i, 0);
        }
      }
    }
  }
}
