package io.zeroprint.logging;

import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * The human format ({@code logging.format=text}): the JDK's simple format (its pattern set by
 * {@code Main}), with the record's {@link LogFields} appended as {@code key=value}.
 */
public final class TextLogFormatter extends SimpleFormatter {
  @Override
  public String formatMessage(LogRecord r) {
    String message = super.formatMessage(r);
    LogFields fields = LogFields.of(r.getParameters());
    return fields.values().isEmpty() ? message : message + " " + fields;
  }
}
