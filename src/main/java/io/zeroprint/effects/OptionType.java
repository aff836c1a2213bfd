package io.zeroprint.effects;

import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The type of an option: how a raw value (a query string, or a JSON string or number) becomes a
 * typed one, which values are allowed and what the default is. Parse errors name the option and the
 * allowed values, never the value sent.
 */
public sealed interface OptionType {
  /** The typed value of {@code raw} (a String or a Number). */
  Object parse(String option, Object raw);

  /** The default, typed. */
  Object defaultValue();

  /** The allowed values in one line, e.g. {@code 2|3|4|8} or {@code 1..64}. */
  String values();

  /** Every allowed value, typed, when they are a few to choose from; empty otherwise. */
  default List<Object> choices() {
    return List.of();
  }

  /** One of a few integers. */
  record IntChoice(List<Integer> allowed, int dflt) implements OptionType {
    @Override
    public Object parse(String option, Object raw) {
      int v = integer(option, raw);
      if (!allowed.contains(v)) {
        throw invalid(option + " must be one of " + allowed.stream().map(String::valueOf)
            .collect(Collectors.joining(", ")) + ".");
      }
      return v;
    }

    @Override
    public Object defaultValue() {
      return dflt;
    }

    @Override
    public String values() {
      return allowed.stream().map(String::valueOf).collect(Collectors.joining("|"));
    }

    @Override
    public List<Object> choices() {
      return List.copyOf(allowed);
    }
  }

  /** An integer in {@code min..max}. */
  record IntRange(int min, int max, int dflt) implements OptionType {
    @Override
    public Object parse(String option, Object raw) {
      int v = integer(option, raw);
      if (v < min || v > max) {
        throw invalid(option + " must be between " + min + " and " + max + ".");
      }
      return v;
    }

    @Override
    public Object defaultValue() {
      return dflt;
    }

    @Override
    public String values() {
      return min + ".." + max;
    }
  }

  /** A comma list of distinct names from {@code allowed}, in the client's order. */
  record NameList(List<String> allowed, List<String> dflt) implements OptionType {
    @Override
    public Object parse(String option, Object raw) {
      if (!(raw instanceof String text)) {
        throw invalid(option + " is a comma list of " + allowed + ".");
      }
      List<String> out = new ArrayList<>();
      for (String part : text.split(",", -1)) {
        String name = part.trim();
        if (!allowed.contains(name)) {
          throw invalid(option + " is a comma list of " + allowed + ".");
        }
        if (out.contains(name)) {
          throw invalid("A name appears twice in " + option + ".");
        }
        out.add(name);
      }
      return List.copyOf(out);
    }

    @Override
    public Object defaultValue() {
      return dflt;
    }

    @Override
    public String values() {
      return "comma list of " + String.join(", ", allowed);
    }
  }

  /** One of a few words. */
  record Choice(List<String> allowed, String dflt) implements OptionType {
    @Override
    public Object parse(String option, Object raw) {
      if (!(raw instanceof String text) || !allowed.contains(text)) {
        throw invalid(option + " must be one of " + String.join(", ", allowed) + ".");
      }
      return text;
    }

    @Override
    public Object defaultValue() {
      return dflt;
    }

    @Override
    public String values() {
      return String.join("|", allowed);
    }

    @Override
    public List<Object> choices() {
      return List.copyOf(allowed);
    }
  }

  private static int integer(String option, Object raw) {
    if (raw instanceof Integer i) {
      return i;
    }
    if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e9) {
      return n.intValue();
    }
    if (raw instanceof String s) {
      try {
        return Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        // fall through to the one message below
      }
    }
    throw invalid(option + " must be an integer.");
  }

  public static ProblemException invalid(String detail) {
    return new ProblemException(ErrorCode.INVALID_OPTION, detail);
  }
}
