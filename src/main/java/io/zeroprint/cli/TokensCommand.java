package io.zeroprint.cli;

import io.zeroprint.security.TokenMint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code tokens mint --key private.pem --subject S [--kid K] [--scope "enhance"] [--issuer I]
 * [--audience A] [--ttl 1h]}: prints a signed test token for a JWKS set-up on stdout, a warning on
 * stderr. Runs in the command's own process and starts no server.
 */
public final class TokensCommand {
  public static final int OK = 0;
  public static final int USAGE = 2;
  private static final Duration MAX_TTL = Duration.ofDays(7);
  private static final Set<String> OPTIONS = Set.of("--key", "--kid", "--subject", "--scope", "--issuer", "--audience",
      "--ttl");
  private static final String USAGE_LINE = "usage: tokens mint --key private.pem --subject S [--kid K]"
      + " [--scope \"enhance\"] [--issuer I] [--audience A] [--ttl 1h]";

  private TokensCommand() {}

  /** Runs the command; returns the exit status (2 for anything the operator must fix, in one line on {@code err}). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || !args[0].equals("mint")) {
      err.println(USAGE_LINE);
      return USAGE;
    }
    Map<String, String> opts = new HashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
        err.println("tokens mint: unknown or incomplete option " + args[i] + "; " + USAGE_LINE);
        return USAGE;
      }
      opts.put(args[i], args[i + 1]);
    }
    if (!opts.containsKey("--key") || !opts.containsKey("--subject")) {
      err.println("tokens mint: --key and --subject are required; " + USAGE_LINE);
      return USAGE;
    }
    Duration ttl;
    try {
      ttl = ttl(opts.getOrDefault("--ttl", "1h"));
    } catch (IllegalArgumentException e) {
      err.println("tokens mint: --ttl " + e.getMessage());
      return USAGE;
    }
    Path keyFile = Path.of(opts.get("--key"));
    TokenMint mint;
    try {
      mint = TokenMint.fromPem(Files.readString(keyFile));
    } catch (IOException e) {
      err.println("tokens mint: cannot read the key file " + keyFile + " (" + e.getClass().getSimpleName() + ")");
      return USAGE;
    } catch (IllegalArgumentException e) {
      err.println("tokens mint: " + keyFile + " is not a usable private key: " + e.getMessage());
      return USAGE;
    }
    Instant now = Instant.now();
    String token = mint.mint(new TokenMint.Claims(opts.getOrDefault("--kid", ""), opts.get("--subject"),
        opts.getOrDefault("--scope", "enhance"), opts.getOrDefault("--issuer", ""), opts.getOrDefault("--audience", ""),
        ttl), now);
    err.println("WARNING: a test token (" + mint.alg() + ", valid until " + now.plus(ttl)
        + "). For testing only: production tokens come from your identity provider.");
    out.println(token);
    return OK;
  }

  /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 2d} or ISO-8601 ({@code PT1H}); at most 7 days. */
  static Duration ttl(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      if (t.matches("\\d{1,7}[smhd]")) {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        d = switch (t.charAt(t.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      } else {
        d = Duration.parse(text.trim());
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("must look like 90s, 30m, 1h, 2d or PT1H, got '" + text + "'");
    }
    if (d.isZero() || d.isNegative() || d.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("must be more than 0 and at most 7 days, got '" + text + "'");
    }
    return d;
  }
}
