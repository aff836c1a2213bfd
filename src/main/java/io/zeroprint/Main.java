package io.zeroprint;

import io.zeroprint.cli.TokensCommand;
import io.zeroprint.model.importer.ModelImporter;
import java.util.Arrays;

/**
 * Entry point: no arguments starts the server; {@code models import|pull …} converts pinned models;
 * {@code tokens mint …} signs a test token for a JWKS set-up (and starts no server).
 */
public final class Main {
  /**
   * The text format ({@code logging.format=text}, and the {@code models} commands): one line per
   * record, time, level, logger, message. The server's default is JSON lines (see ServerLauncher).
   */
  private static final String LOG_FORMAT = "%1$tFT%1$tT.%1$tL %4$s %3$s - %5$s%6$s%n";

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
    }
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", DrainLogManager.class.getName());
    }
    if (args.length >= 1 && args[0].equals("models")) {
      ModelImporter.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length >= 1 && args[0].equals("tokens")) {
      System.exit(TokensCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
    }
    ServerLauncher.main(args);
  }
}
