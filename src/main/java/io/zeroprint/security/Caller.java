package io.zeroprint.security;

import java.util.OptionalInt;
import java.util.Set;

/**
 * The authenticated caller, from a verified token: who ({@code sub}), what they may do (scopes) and
 * their own daily quota if the token sets one. Nothing else of the token is kept.
 */
public record Caller(String subject, Set<String> scopes, OptionalInt dailyQuota) {
  public static final String SCOPE_ENHANCE = "enhance";
  public static final String SCOPE_ADMIN = "admin";

  /** Routing-context key under which the caller is stored. */
  public static final String KEY = "zeroprint.caller";

  public boolean may(String scope) {
    return scopes.contains(scope);
  }
}
