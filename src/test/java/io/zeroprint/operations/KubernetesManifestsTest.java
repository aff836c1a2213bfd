package io.zeroprint.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.vertx.core.json.JsonObject;
import io.zeroprint.config.ConfigLoader;
import io.zeroprint.config.ZeroprintConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests under {@code k8s/} are valid Kubernetes objects with no unknown field, and they keep
 * the promises README "Operate it" makes: a locked-down pod, probes on the management port, a
 * termination grace that covers the drain, memory-backed scratch space only, a limit that covers the
 * JVM's caps, the network open only where it must be, and every Secret documented.
 */
class KubernetesManifestsTest {
  private static final int PUBLIC_PORT = 8080;
  private static final int MANAGEMENT_PORT = 8081;
  private static final long UID = 65532;
  /** Outside the heap and direct memory: TensorFlow, JVM code and threads (deployment.yaml shows the arithmetic). */
  private static final long NATIVE_BYTES = 512L << 20;

  /** conf/zeroprint.json settings the ConfigMap changes for production, each listed in README "Operate it". */
  static final Map<String, Object> PRODUCTION_OVERRIDES = Map.of(
      "http.host", "0.0.0.0",
      "http.trustedProxies", "10.0.0.0/8",
      "tls.cert", "/opt/zeroprint/tls/tls.crt",
      "tls.key", "/opt/zeroprint/tls/tls.key",
      "auth.jwks", "/opt/zeroprint/keys/jwks.json",
      "auth.issuer", "https://id.example.com/",
      "auth.audience", "zeroprint",
      "worker.intraOpThreads", 2,
      "models.dir", "/opt/zeroprint/models",
      "receipts.keyFile", "/opt/zeroprint/keys/receipts-key.pem");

  private final List<HasMetadata> all = Manifests.all();
  private final Deployment deployment = Manifests.one(all, Deployment.class);
  private final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
  private final Container container = pod.getContainers().get(0);

  @Test
  void everyManifestParsesIntoTheTypedModelWithNoUnknownField() {
    for (HasMetadata object : all) {
      assertEquals(List.of(), Manifests.unknownFields(object), object.getKind() + " " + object.getMetadata().getName());
    }
    assertEquals(new TreeSet<>(List.of("ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Ingress", "NetworkPolicy",
        "PodDisruptionBudget", "Service")), new TreeSet<>(all.stream().map(HasMetadata::getKind).toList()));
  }

  @Test
  void aMisspeltFieldIsFoundWhereverItIs() {
    HasMetadata object = Manifests.parse("inline", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x}
        spec:
          template:
            spec:
              containers:
                - name: x
                  securityContext: {readOnlyRootFileSystem: true}
        """);
    assertEquals(List.of("Deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem"),
        Manifests.unknownFields(object));
  }

  @Test
  void thePodRunsAsNonRootOnAReadOnlyRootWithNoCapabilitiesAndNoToken() {
    assertEquals(1, pod.getContainers().size(), "one container");
    assertTrue(pod.getInitContainers() == null || pod.getInitContainers().isEmpty(), "no init containers");
    assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
    assertEquals(Boolean.FALSE, pod.getEnableServiceLinks(), "no ZEROPRINT_*-like variables from Services");
    assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
    assertEquals(UID, pod.getSecurityContext().getRunAsUser());
    assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
    var sc = container.getSecurityContext();
    assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem());
    assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation());
    assertEquals(Boolean.TRUE, sc.getRunAsNonRoot());
    assertTrue(sc.getRunAsUser() == null || sc.getRunAsUser() == UID, "container uid");
    assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
    assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty(), "no capability added");
    assertTrue(sc.getPrivileged() == null || !sc.getPrivileged(), "not privileged");
    assertTrue(pod.getHostNetwork() == null || !pod.getHostNetwork(), "no host network");
  }

  @Test
  void theImageIsTheRegistryNameAtTheProjectVersion() throws IOException {
    assertEquals("ghcr.io/zeroprint/zeroprint:" + projectVersion(), container.getImage());
  }

  @Test
  void theProbesAskTheManagementPort() {
    assertProbe(container.getStartupProbe(), "/health/started");
    assertProbe(container.getLivenessProbe(), "/health/live");
    assertProbe(container.getReadinessProbe(), "/health/ready");
    EnvVar host = env("ZEROPRINT_MANAGEMENT_HOST");
    assertEquals("status.podIP", host.getValueFrom().getFieldRef().getFieldPath());
    assertEquals(String.valueOf(MANAGEMENT_PORT), env("ZEROPRINT_MANAGEMENT_PORT").getValue());
  }

  @Test
  void kubernetesWaitsForTheWholeDrainBeforeKillingTheProcess() {
    long preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
    int drain = configMapJson().getJsonObject("shutdown").getInteger("graceSeconds");
    assertTrue(pod.getTerminationGracePeriodSeconds() >= preStop + drain + 5,
        "terminationGracePeriodSeconds " + pod.getTerminationGracePeriodSeconds() + " < preStop " + preStop
            + " + shutdown.graceSeconds " + drain + " + 5 s to exit");
  }

  @Test
  void onlyConfigSecretsAndMemoryBackedScratchAreMounted() {
    for (Volume v : pod.getVolumes()) {
      boolean allowed = v.getConfigMap() != null || v.getSecret() != null
          || v.getEmptyDir() != null && "Memory".equals(v.getEmptyDir().getMedium());
      assertTrue(allowed, "volume " + v.getName() + ": only ConfigMaps, Secrets and memory-backed emptyDirs");
      if (v.getEmptyDir() != null) {
        assertNotNull(v.getEmptyDir().getSizeLimit(), "emptyDir " + v.getName() + " has a size limit");
      }
    }
    container.getVolumeMounts().forEach(m -> assertTrue(m.getSubPath() == null,
        m.getName() + " without subPath, so a rotated Secret reaches the pod"));
  }

  @Test
  void theMemoryLimitCoversHeapDirectMemoryTensorFlowAndScratch() {
    Quantity limit = container.getResources().getLimits().get("memory");
    assertEquals(limit, container.getResources().getRequests().get("memory"), "memory request = limit");
    String options = env("JAVA_TOOL_OPTIONS").getValue();
    long heap = jvmSize(options, "-Xmx");
    long direct = jvmSize(options, "-XX:MaxDirectMemorySize=");
    // A memory-backed emptyDir is charged to the container's memory.
    long scratch = pod.getVolumes().stream().filter(v -> v.getEmptyDir() != null)
        .mapToLong(v -> Quantity.getAmountInBytes(v.getEmptyDir().getSizeLimit()).longValueExact()).sum();
    long budget = configMapJson().getJsonObject("buffers").getLong("budgetBytes");
    assertTrue(heap >= budget && direct >= budget, "heap and direct memory can each hold the whole image budget");
    long needed = heap + direct + NATIVE_BYTES + scratch;
    assertTrue(Quantity.getAmountInBytes(limit).longValueExact() >= needed,
        "memory limit " + limit + " below " + (needed >> 20) + " MiB");
  }

  @Test
  void thePublicPortIsOpenToTheIngressAndTheManagementPortToMonitoringOnly() {
    NetworkPolicy policy = Manifests.one(all, NetworkPolicy.class);
    assertEquals(deployment.getSpec().getSelector().getMatchLabels(), policy.getSpec().getPodSelector().getMatchLabels());
    assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
    Map<Integer, String> fromByPort = new TreeMap<>();
    for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
      assertEquals(1, rule.getFrom().size(), "one source per rule");
      var from = rule.getFrom().get(0);
      assertTrue(from.getPodSelector() == null && from.getIpBlock() == null, "a whole namespace, nothing else");
      String namespace = from.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
      assertNotNull(rule.getPorts(), "every rule names its port");
      for (NetworkPolicyPort p : rule.getPorts()) {
        assertEquals(null, fromByPort.put(p.getPort().getIntVal(), namespace), "port " + p.getPort() + " once");
      }
    }
    assertEquals(Map.of(PUBLIC_PORT, "ingress-nginx", MANAGEMENT_PORT, "monitoring"), fromByPort);
  }

  @Test
  void theServicePdbAndIngressSelectTheDeploymentsPodsOnThePublicPort() {
    Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    Service service = Manifests.one(all, Service.class);
    assertTrue(labels.entrySet().containsAll(service.getSpec().getSelector().entrySet()), "service selector");
    assertEquals(1, service.getSpec().getPorts().size(), "the public port only");
    assertEquals(PUBLIC_PORT, containerPort(service.getSpec().getPorts().get(0).getTargetPort()));
    PodDisruptionBudget pdb = Manifests.one(all, PodDisruptionBudget.class);
    assertTrue(labels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()), "PDB selector");
    assertTrue(pdb.getSpec().getMinAvailable().getIntVal() < deployment.getSpec().getReplicas(), "a pod may be evicted");
    Ingress ingress = Manifests.one(all, Ingress.class);
    var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
    assertEquals(service.getMetadata().getName(), backend.getName());
    assertEquals(service.getSpec().getPorts().get(0).getName(), backend.getPort().getName());
    Map<String, String> nginx = ingress.getMetadata().getAnnotations();
    assertEquals("off", nginx.get("nginx.ingress.kubernetes.io/proxy-request-buffering"), "no upload spooled to disk");
    assertEquals("off", nginx.get("nginx.ingress.kubernetes.io/proxy-buffering"), "no result spooled to disk");
    assertEquals("cookie", nginx.get("nginx.ingress.kubernetes.io/affinity"), "follow-ups reach the job's pod");
  }

  @Test
  void everySecretTheManifestsNeedIsDocumentedWithItsKeys() throws IOException {
    Map<String, TreeSet<String>> keysBySecret = new TreeMap<>();
    for (Volume v : pod.getVolumes()) {
      if (v.getSecret() != null) {
        TreeSet<String> keys = keysBySecret.computeIfAbsent(v.getSecret().getSecretName(), n -> new TreeSet<>());
        if (v.getSecret().getItems() != null) {
          v.getSecret().getItems().forEach(i -> keys.add(i.getKey()));
        }
      }
    }
    for (EnvVar e : container.getEnv()) {
      if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        var ref = e.getValueFrom().getSecretKeyRef();
        keysBySecret.computeIfAbsent(ref.getName(), n -> new TreeSet<>()).add(ref.getKey());
      }
    }
    Manifests.one(all, Ingress.class).getSpec().getTls()
        .forEach(t -> keysBySecret.computeIfAbsent(t.getSecretName(), n -> new TreeSet<>()));
    assertEquals(Map.of("zeroprint-keys", new TreeSet<>(List.of("jwks.json", "pseudonym-key", "receipts-key.pem",
        "webhook-previous-key-retired-at", "webhook-previous-signing-key", "webhook-signing-key")), "zeroprint-tls", new TreeSet<>()), keysBySecret);
    String operate = OperateItSection.read();
    keysBySecret.forEach((secret, keys) -> {
      assertTrue(operate.contains("`" + secret + "`"), "README Operate it names the Secret " + secret);
      keys.forEach(k -> assertTrue(operate.contains("`" + k + "`"), "README Operate it names " + secret + "/" + k));
    });
  }

  @Test
  void theConfigMapIsTheShippedConfigurationWithTheDocumentedOverrides() throws IOException {
    JsonObject deployed = configMapJson();
    ConfigLoader.fromJson(deployed); // every setting known and valid
    JsonObject shipped = new JsonObject(Files.readString(Path.of("conf/zeroprint.json")));
    String operate = OperateItSection.read();
    PRODUCTION_OVERRIDES.forEach((setting, value) -> {
      String[] at = setting.split("\\.");
      JsonObject section = deployed.getJsonObject(at[0]);
      assertEquals(value, section.getValue(at[1]), setting + " in the ConfigMap");
      section.put(at[1], shipped.getJsonObject(at[0]).getValue(at[1]));
      assertTrue(operate.contains("`" + setting + "`"), "README Operate it lists the override " + setting);
    });
    assertEquals(shipped, deployed, "k8s/configmap.yaml's zeroprint.json differs from conf/zeroprint.json beyond the "
        + "documented overrides: copy new settings over, or document the override here and in the README");
  }

  @Test
  void thePodsConfigMapAndEnvironmentLoadAsOneValidConfiguration(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("zeroprint.json");
    Files.writeString(file, configMapJson().encode());
    Map<String, String> env = new TreeMap<>();
    for (EnvVar e : container.getEnv()) {
      if (e.getValue() != null) {
        env.put(e.getName(), e.getValue());
      } else if (e.getValueFrom().getFieldRef() != null) {
        env.put(e.getName(), "10.0.0.7"); // the pod's address
      } else {
        String key = e.getValueFrom().getSecretKeyRef().getKey();
        env.put(e.getName(), key.endsWith("-retired-at") ? "2026-01-31T12:00:00Z" : "secret-" + key);
      }
    }
    env.put(ConfigLoader.CONFIG_FILE_ENV, file.toString());
    ZeroprintConfig config = ConfigLoader.load(env);
    assertEquals("secret-pseudonym-key", config.privacy().pseudonymKey());

    Set<String> settings = new TreeSet<>();
    JsonObject defaults = ZeroprintConfig.defaults();
    defaults.fieldNames().forEach(section -> defaults.getJsonObject(section).fieldNames()
        .forEach(key -> settings.add(ConfigLoader.envName(section + "." + key))));
    // Besides the management listener's two variables (checked with the probes), every ZEROPRINT_
    // variable must name a setting: a misspelt one would be ignored.
    Set<String> unknown = new TreeSet<>(env.keySet());
    unknown.removeIf(name -> !name.startsWith("ZEROPRINT_") || settings.contains(name)
        || name.equals(ConfigLoader.CONFIG_FILE_ENV) || name.startsWith("ZEROPRINT_MANAGEMENT_"));
    assertEquals(Set.of(), unknown, "variables that name no setting");
  }

  private JsonObject configMapJson() {
    ConfigMap map = Manifests.one(all, ConfigMap.class);
    return new JsonObject(map.getData().get("zeroprint.json"));
  }

  private void assertProbe(Probe probe, String path) {
    assertNotNull(probe, path + " probe");
    assertEquals(path, probe.getHttpGet().getPath());
    assertEquals(MANAGEMENT_PORT, containerPort(probe.getHttpGet().getPort()), path + " on the management port");
    assertTrue(probe.getHttpGet().getScheme() == null || "HTTP".equals(probe.getHttpGet().getScheme()), "plain HTTP");
  }

  /** A port by number or by the container port's name. */
  private int containerPort(IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort).findFirst().orElseThrow(() -> new AssertionError("no port " + port));
  }

  private EnvVar env(String name) {
    return container.getEnv().stream().filter(e -> name.equals(e.getName())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in the container's environment"));
  }

  private static long jvmSize(String options, String flag) {
    Matcher m = Pattern.compile(Pattern.quote(flag) + "(\\d+)([kKmMgG])").matcher(options);
    assertTrue(m.find(), flag + " in JAVA_TOOL_OPTIONS");
    int shift = switch (Character.toLowerCase(m.group(2).charAt(0))) {
      case 'k' -> 10;
      case 'm' -> 20;
      default -> 30;
    };
    return Long.parseLong(m.group(1)) << shift;
  }

  private static String projectVersion() throws IOException {
    Matcher m = Pattern.compile("<artifactId>zeroprint</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(m.find(), "the project version in pom.xml");
    return m.group(1);
  }
}
