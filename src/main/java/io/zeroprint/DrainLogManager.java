package io.zeroprint;

import java.util.logging.LogManager;

/**
 * The JDK's log manager closes every handler from a shutdown hook of its own, which can run before
 * (or while) the drain runs in ours: the drain's log lines ("draining", "drained") would be lost
 * exactly when an operator needs them. This one ignores that one reset; console handlers flush each
 * record, so nothing is left unwritten at exit.
 */
public final class DrainLogManager extends LogManager {
  @Override
  public void reset() {
    if (!Thread.currentThread().getClass().getName().startsWith(LogManager.class.getName() + "$")) {
      super.reset();
    }
  }
}
