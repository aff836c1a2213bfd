#!/bin/sh
# Re-makes the decoder test variants and their reference pixels with ImageMagick (libpng, libjpeg,
# lcms): every PNG colour type and bit depth, interlaced, and the JPEG colour spaces, each cropped
# small from the licensed test images; next to each, the 8-bit sRGB pixels ImageMagick decodes from
# it (RGB, or RGBA where the variant has alpha) as a reference PNG. Run from the repository root:
#   tools/decode-variants/make.sh [convert-command]
# The test (image/DecodedColoursMatchReferenceTest) reads the committed files; it needs no ImageMagick.
set -eu
IM=${1:-convert}
SRC=src/test/resources/images
OUT=$SRC/variants
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT/ref"
rm -f "$OUT"/*.png "$OUT"/*.jpg "$OUT"/ref/*.png

# Sources: a colour crop (the cat), a grey crop (the camera man), an alpha ramp, and the sRGB profile
# the JDK ships (to convert rocket.jpg's Adobe RGB profile to sRGB for the reference).
$IM $SRC/chelsea.png -crop 96x64+150+60 +repage -strip "$TMP/c.png"
$IM $SRC/camera.png -crop 96x64+200+100 +repage -strip "$TMP/g.png"
$IM -size 64x96 gradient:black-white -rotate 90 "$TMP/ramp.png"
$IM "$TMP/c.png" "$TMP/ramp.png" -alpha off -compose CopyOpacity -composite -strip "$TMP/ca.png"
$IM "$TMP/g.png" "$TMP/ramp.png" -alpha off -compose CopyOpacity -composite -strip "$TMP/ga.png"
cat > "$TMP/Srgb.java" <<'JAVA'
public class Srgb {
  public static void main(String[] a) throws Exception {
    java.nio.file.Files.write(java.nio.file.Path.of(a[0]),
        java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData());
  }
}
JAVA
java "$TMP/Srgb.java" "$TMP/srgb.icc"
# A plain CMYK JPEG (Adobe transform 0), which ImageMagick does not write (it stores CMYK as YCCK):
# the JDK's writer stores a four-band raster as is (here the crop's naive CMYK, Adobe-inverted), and
# the APP14 segment it leaves out is put in.
cat > "$TMP/Cmyk.java" <<'JAVA'
public class Cmyk {
  public static void main(String[] a) throws Exception {
    java.awt.image.BufferedImage in = javax.imageio.ImageIO.read(new java.io.File(a[0]));
    java.awt.image.WritableRaster r = java.awt.image.Raster.createInterleavedRaster(
        java.awt.image.DataBuffer.TYPE_BYTE, in.getWidth(), in.getHeight(), 4, null);
    for (int y = 0; y < in.getHeight(); y++) {
      for (int x = 0; x < in.getWidth(); x++) {
        int p = in.getRGB(x, y), red = p >> 16 & 255, green = p >> 8 & 255, blue = p & 255;
        int k = 255 - Math.max(red, Math.max(green, blue));
        int c = k == 255 ? 0 : (255 - red - k) * 255 / (255 - k);
        int m = k == 255 ? 0 : (255 - green - k) * 255 / (255 - k);
        int ye = k == 255 ? 0 : (255 - blue - k) * 255 / (255 - k);
        r.setPixel(x, y, new int[] {255 - c, 255 - m, 255 - ye, 255 - k});
      }
    }
    javax.imageio.ImageWriter w = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
    javax.imageio.ImageWriteParam q = w.getDefaultWriteParam();
    q.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
    q.setCompressionQuality(0.92f);
    java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
    try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(jpeg)) {
      w.setOutput(out);
      w.write(null, new javax.imageio.IIOImage(r, null, null), q);
    }
    byte[] b = jpeg.toByteArray();
    byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0}; // transform 0
    try (java.io.OutputStream f = new java.io.FileOutputStream(a[1])) {
      f.write(b, 0, 2);
      f.write(adobe);
      f.write(b, 2, b.length - 2);
    }
  }
}
JAVA
$IM $SRC/rocket.jpg "$TMP/adobe-rgb.icc"

png() { # name source bit-depth colour-type [options...]
  name=$1 src=$2 depth=$3 type=$4
  shift 4
  $IM "$TMP/$src" "$@" -depth "$depth" -define png:bit-depth="$depth" -define png:color-type="$type" \
    -define png:exclude-chunks=date,time "$OUT/$name.png"
}
png grey1 g.png 1 0 -posterize 2
png grey2 g.png 2 0 -posterize 4
png grey4 g.png 4 0 -posterize 16
png grey8 g.png 8 0
png grey16 g.png 16 0
png grey-alpha8 ga.png 8 4
png grey-alpha16 ga.png 16 4
png rgb8 c.png 8 2
png rgb16 c.png 16 2
png rgba8 ca.png 8 6
png rgba16 ca.png 16 6
png rgb8-interlaced c.png 8 2 -interlace PNG
png grey8-interlaced g.png 8 0 -interlace PNG
png rgba16-interlaced ca.png 16 6 -interlace PNG
# tagged: the pixels converted to Adobe RGB (1998), whose profile is embedded as iCCP
png rgb8-adobe-rgb c.png 8 2 -profile "$TMP/srgb.icc" -profile "$TMP/adobe-rgb.icc"
png rgba16-adobe-rgb ca.png 16 6 -profile "$TMP/srgb.icc" -profile "$TMP/adobe-rgb.icc"
$IM "$TMP/c.png" -colors 60 -define png:exclude-chunks=date,time,tEXt "PNG8:$OUT/palette.png"
$IM "$TMP/ca.png" -channel A -threshold 50% +channel -colors 60 -define png:exclude-chunks=date,time,tEXt \
  "PNG8:$OUT/palette-trns.png"

jpg() { # name source [options...]
  name=$1 src=$2
  shift 2
  $IM "$TMP/$src" "$@" -quality 92 "$OUT/$name.jpg"
}
jpg ycbcr420 c.png -sampling-factor 2x2
jpg ycbcr444 c.png -sampling-factor 1x1
jpg progressive c.png -sampling-factor 2x2 -interlace JPEG
jpg grey g.png -colorspace Gray
jpg grey-progressive g.png -colorspace Gray -interlace JPEG
jpg ycck c.png -colorspace CMYK # ImageMagick's CMYK JPEG: Adobe-inverted, stored as YCCK (APP14 transform 2)
java "$TMP/Cmyk.java" "$TMP/c.png" "$OUT/cmyk.jpg" # Adobe-inverted CMYK stored as is (APP14 transform 0)
$IM $SRC/rocket.jpg -crop 96x64+300+160 +repage -quality 92 -sampling-factor 2x2 "$OUT/adobe-rgb.jpg"
$IM "$OUT/adobe-rgb.jpg" -strip -quality 92 -sampling-factor 2x2 "$OUT/untagged.jpg"

# References: what libpng/libjpeg decode, converted to 8-bit sRGB (an embedded profile through lcms).
for f in "$OUT"/*.png "$OUT"/*.jpg; do
  name=$(basename "$f")
  name=${name%.*}
  case $name in
    *alpha* | rgba* | palette-trns) type=6 ;;
    *) type=2 ;;
  esac
  case $name in
    *adobe-rgb) $IM "$f" -profile "$TMP/srgb.icc" "$TMP/ref.miff" ;;
    *) $IM "$f" -colorspace sRGB "$TMP/ref.miff" ;;
  esac
  $IM "$TMP/ref.miff" -strip -depth 8 -define png:bit-depth=8 -define png:color-type=$type \
    -define png:exclude-chunks=date,time "$OUT/ref/$name.png"
done
ls -l "$OUT" "$OUT/ref"
