package io.zeroprint;

import io.zeroprint.model.importer.ModelImporter;
import java.util.Arrays;

/** Entry point: no arguments starts the server; {@code models import …} converts the pinned models. */
public final class Main {
  /** One line per record: time, level, logger, message. */
  private static final String LOG_FORMAT = "%1$tFT%1$tT.%1$tL %4$s %3$s - %5$s%6$s%n";

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
    }
    if (args.length >= 2 && args[0].equals("models") && args[1].equals("import")) {
      ModelImporter.main(Arrays.copyOfRange(args, 2, args.length));
      return;
    }
    ServerLauncher.main(args);
  }
}
