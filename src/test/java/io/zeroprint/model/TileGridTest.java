package io.zeroprint.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one tile geometry both model families use: ESRGAN (context = receptive radius, any input
 * size) and MAXIM (approximate overlap, inputs padded to multiples of 64), on awkward image sizes.
 */
class TileGridTest {
  private static final int[][] SIZES = {{1, 1}, {63, 65}, {257, 3}, {3, 257}, {64, 64}, {130, 70}, {300, 200}};
  /** {core, context, multiple}: ESRGAN ×2 at 256 px output tiles and at the smallest core; MAXIM at 256/32 and 128/16. */
  private static final int[][] PARAMS = {{108, 10, 1}, {16, 10, 1}, {192, 32, 64}, {96, 16, 64}};

  static Stream<Arguments> grids() {
    List<Arguments> all = new ArrayList<>();
    for (int[] s : SIZES) {
      for (int[] p : PARAMS) {
        all.add(Arguments.of(new TileGrid(s[0], s[1], p[0], p[1], p[2])));
      }
    }
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("grids")
  void everyPixelLiesInExactlyOneCore(TileGrid grid) {
    int[] hits = new int[grid.width() * grid.height()];
    for (int i = 0; i < grid.count(); i++) {
      TileGrid.Tile t = grid.tile(i);
      for (int y = t.coreY(); y < t.coreY() + t.coreH(); y++) {
        for (int x = t.coreX(); x < t.coreX() + t.coreW(); x++) {
          hits[y * grid.width() + x]++;
        }
      }
    }
    for (int i = 0; i < hits.length; i++) {
      assertEquals(1, hits[i], "pixel " + i % grid.width() + "," + i / grid.width());
    }
  }

  @ParameterizedTest
  @MethodSource("grids")
  void eachTileReadsItsCoreAndUpToContextMorePixelsOnEverySideWithinTheImage(TileGrid grid) {
    for (int i = 0; i < grid.count(); i++) {
      TileGrid.Tile t = grid.tile(i);
      assertEquals(Math.max(0, t.coreX() - grid.context()), t.x());
      assertEquals(Math.max(0, t.coreY() - grid.context()), t.y());
      assertEquals(Math.min(grid.width(), t.coreX() + t.coreW() + grid.context()), t.x() + t.w());
      assertEquals(Math.min(grid.height(), t.coreY() + t.coreH() + grid.context()), t.y() + t.h());
    }
  }

  @ParameterizedTest
  @MethodSource("grids")
  void inputsArePaddedToTheNextMultipleByMirroringInsideTheWindow(TileGrid grid) {
    for (int i = 0; i < grid.count(); i++) {
      TileGrid.Tile t = grid.tile(i);
      assertEquals(0, t.inputW() % grid.multiple());
      assertEquals(0, t.inputH() % grid.multiple());
      assertTrue(t.inputW() >= t.w() && t.inputW() - t.w() < grid.multiple(), "input width " + t.inputW());
      assertTrue(t.inputH() >= t.h() && t.inputH() - t.h() < grid.multiple(), "input height " + t.inputH());
      assertTrue(Math.max(t.inputW(), t.inputH()) <= grid.maxInputSide(), "fits the buffers");
      for (int x = 0; x < t.inputW(); x++) {
        assertMirrored(t.x(), t.w(), x, t.sourceX(x), x == 0 ? 0 : t.sourceX(x - 1));
      }
      for (int y = 0; y < t.inputH(); y++) {
        assertMirrored(t.y(), t.h(), y, t.sourceY(y), y == 0 ? 0 : t.sourceY(y - 1));
      }
    }
  }

  /** Inside the window input maps to image one to one; past it the source walks back and forth, a step at a time. */
  private static void assertMirrored(int start, int length, int i, int source, int previous) {
    assertTrue(source >= start && source < start + length, "index " + i + " reads " + source);
    if (i < length) {
      assertEquals(start + i, source);
    } else {
      assertEquals(length == 1 ? 0 : 1, Math.abs(source - previous), "index " + i);
    }
  }

  @Test
  void theEsrganParameterisationNeverPads() {
    TileGrid grid = new TileGrid(257, 3, 108, 10, 1);
    assertEquals(3, grid.count());
    assertEquals(List.of(new TileGrid.Tile(0, 0, 118, 3, 0, 0, 108, 3, 118, 3),
        new TileGrid.Tile(98, 0, 128, 3, 108, 0, 108, 3, 128, 3),
        new TileGrid.Tile(206, 0, 51, 3, 216, 0, 41, 3, 51, 3)), List.of(grid.tile(0), grid.tile(1), grid.tile(2)));
    assertEquals(128, grid.maxInputSide());
  }

  @Test
  void aOnePixelImageIsOneMaximTileMirroredOutTo64() {
    TileGrid grid = new TileGrid(1, 1, 192, 32, 64);
    TileGrid.Tile t = grid.tile(0);
    assertEquals(1, grid.count());
    assertEquals(new TileGrid.Tile(0, 0, 1, 1, 0, 0, 1, 1, 64, 64), t);
    assertEquals(0, t.sourceX(63));
    assertEquals(0, t.sourceY(63));
    assertEquals(256, grid.maxInputSide());
  }

  @Test
  void a63By65ImageIsOneMaximTilePaddedTo64By128() {
    TileGrid.Tile t = new TileGrid(63, 65, 192, 32, 64).tile(0);
    assertEquals(new TileGrid.Tile(0, 0, 63, 65, 0, 0, 63, 65, 64, 128), t);
    assertEquals(61, t.sourceX(63));
    assertEquals(63, t.sourceY(65));
    assertEquals(1, t.sourceY(127));
  }

  @Test
  void mirrorPaddingReflectsWithoutRepeatingTheEdge() {
    TileGrid.Tile t = new TileGrid(3, 1, 16, 0, 8).tile(0);
    int[] columns = new int[t.inputW()];
    for (int x = 0; x < columns.length; x++) {
      columns[x] = t.sourceX(x);
    }
    assertEquals("[0, 1, 2, 1, 0, 1, 2, 1]", java.util.Arrays.toString(columns));
  }

  static Stream<Arguments> fullWindowGrids() {
    List<Arguments> all = new ArrayList<>();
    for (int[] s : SIZES) {
      for (int[] p : new int[][] {{236, 10}, {108, 10}, {16, 10}}) {
        all.add(Arguments.of(new TileGrid(s[0], s[1], p[0], p[1], 1, 1.25)));
      }
    }
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("fullWindowGrids")
  void slidingWindowsKeepEveryCoreOnceWithItsContextAndAreFullOrAsBefore(TileGrid grid) {
    int full = grid.core() + 2 * grid.context();
    TileGrid plain = new TileGrid(grid.width(), grid.height(), grid.core(), grid.context(), 1);
    int[] hits = new int[grid.width() * grid.height()];
    for (int i = 0; i < grid.count(); i++) {
      TileGrid.Tile t = grid.tile(i);
      TileGrid.Tile before = plain.tile(i);
      assertTrue(t.w() == full && t.h() == full || t.equals(before), "full-size or unchanged: " + t);
      if (t.w() == full && !before.equals(t)) {
        // it slid only because the full window, compiled, costs less than the short one
        assertTrue((double) full * full / grid.fullWindowGain() < (double) before.w() * before.h());
      }
      assertTrue(t.x() >= 0 && t.y() >= 0 && t.x() + t.w() <= grid.width() && t.y() + t.h() <= grid.height());
      // the core's context lies inside the window, or the window reaches the image's edge there
      assertTrue(t.x() <= Math.max(0, t.coreX() - grid.context()));
      assertTrue(t.y() <= Math.max(0, t.coreY() - grid.context()));
      assertTrue(t.x() + t.w() >= Math.min(grid.width(), t.coreX() + t.coreW() + grid.context()));
      assertTrue(t.y() + t.h() >= Math.min(grid.height(), t.coreY() + t.coreH() + grid.context()));
      assertEquals(t.w(), t.inputW());
      assertEquals(t.h(), t.inputH());
      for (int y = t.coreY(); y < t.coreY() + t.coreH(); y++) {
        for (int x = t.coreX(); x < t.coreX() + t.coreW(); x++) {
          hits[y * grid.width() + x]++;
        }
      }
    }
    for (int h : hits) {
      assertEquals(1, h);
    }
  }

  @Test
  void anEdgeTileSlidesToTheFullShapeOnlyWhereThatCostsLessThanItsShortWindow() {
    TileGrid grid = new TileGrid(1144, 908, 236, 10, 1, 1.25); // 5 × 4 tiles, 200 px cores at the far edges
    TileGrid.Tile interior = grid.tile(6);
    TileGrid.Tile rightEdge = grid.tile(9); // second row, last column
    TileGrid.Tile corner = grid.tile(grid.count() - 1);
    assertEquals(256, interior.w());
    assertEquals(256, interior.h());
    assertEquals(256, rightEdge.w()); // 210 × 256 short, 256² ÷ 1.25 full: sliding wins
    assertEquals(1144 - 256, rightEdge.x());
    assertEquals(210, corner.w()); // 210 × 210 short is cheaper than a full tile
    assertEquals(210, corner.h());
  }
}
