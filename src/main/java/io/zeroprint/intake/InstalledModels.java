package io.zeroprint.intake;

import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.model.ModelManifest;
import io.zeroprint.model.catalog.ModelCatalog;
import io.zeroprint.pipeline.EnhanceOptions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The intake's copy of the models the worker loaded (asked once at start-up: models load before the
 * transports open and do not change while running), so a request for an effect whose model is not
 * installed is refused before its upload is read.
 */
public final class InstalledModels {
  /** How an operator installs the MAXIM restoration models (they are not bundled). */
  public static final String PULL_COMMAND = "java -jar target/zeroprint.jar models pull restore";
  private static final String PULL_PREFIX = "java -jar target/zeroprint.jar models pull ";

  private final List<ModelManifest> manifests;
  private final Set<String> names;

  public InstalledModels(List<ModelManifest> manifests) {
    this.manifests = List.copyOf(manifests);
    this.names = manifests.stream().map(ModelManifest::name).collect(Collectors.toUnmodifiableSet());
  }

  public List<ModelManifest> manifests() {
    return manifests;
  }

  public boolean has(String model) {
    return names.contains(model);
  }

  /** The options back, or {@code effect_unavailable} naming what is missing and how to install it. */
  public EnhanceOptions check(EnhanceOptions o) {
    List<String> missing = o.models().stream().filter(m -> !has(m)).toList();
    if (!missing.isEmpty()) {
      String commands = missing.stream().map(m -> "`" + PULL_PREFIX + ModelCatalog.pullTarget(m) + "`").distinct()
          .collect(Collectors.joining(" and "));
      throw new ProblemException(ErrorCode.EFFECT_UNAVAILABLE, "Effect " + o.effect() + " needs "
          + String.join(", ", missing) + ", not installed on this server; an operator installs it with "
          + commands + ".");
    }
    return o;
  }
}
