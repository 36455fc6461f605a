// Validates deploy/k8s without a cluster:
//   1. builds every kustomization (base, postgres, overlays/*) with `kubectl kustomize` when kubectl
//      is installed, and always with the subset builder (kustomize-subset.mjs); both must agree;
//   2. validates every resource against the Kubernetes API schemas (kubernetes-models) and rejects
//      unknown fields (strict-fields.mjs);
//   3. checks that the resources fit together: selectors select, names referenced exist, named ports
//      exist, $(VAR) references point at variables defined earlier, overlays pin their images, pods'
//      ServiceAccounts and RoleBindings' roles and subjects exist.
// Tuner's own rules (seeds vs advertised names, grace periods vs the app's shutdown timeouts, ...)
// are checked by tests/Cli.Tests/Deploy on the output this writes with --out DIR.
//
//   node validate.mjs [--out DIR] [--root DEPLOY_K8S_DIR] [--no-kubectl]
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, stringify } from "yaml";
import { build, resourceId, splitImage } from "./kustomize-subset.mjs";
import { unknownFields } from "./strict-fields.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
// --root: another copy of deploy/k8s (the tests validate deliberately broken copies).
const k8sRoot = args.includes("--root") ? path.resolve(args[args.indexOf("--root") + 1]) : path.resolve(here, "..");
const outDir = args.includes("--out") ? path.resolve(args[args.indexOf("--out") + 1]) : null;
const useKubectl = !args.includes("--no-kubectl");

function kustomizations() {
  const dirs = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === "validate" || entry.name === "node_modules") continue;
      const full = path.join(dir, entry.name);
      if (fs.existsSync(path.join(full, "kustomization.yaml"))) dirs.push(full);
      walk(full);
    }
  };
  walk(k8sRoot);
  return dirs.sort();
}

// The version of kustomize in kubectl, read once; null when kubectl is not installed (or --no-kubectl).
const kubectlKustomizeVersion = useKubectl ? kustomizeVersion() : null;

function kustomizeVersion() {
  try {
    const text = execFileSync("kubectl", ["version", "--client"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return text.match(/Kustomize Version: (\S+)/)?.[1] ?? "?";
  } catch {
    return null;
  }
}

function kubectlKustomize(dir) {
  if (kubectlKustomizeVersion === null) return null;
  const text = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return { resources: parseAllDocuments(text).map((d) => d.toJS()).filter((r) => r), version: kubectlKustomizeVersion };
}

// Objects compared independent of key order.
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  return value;
}

async function schemaProblems(r) {
  const [group, version] = (r.apiVersion ?? "").includes("/") ? r.apiVersion.split("/") : ["", r.apiVersion];
  let module;
  try {
    module = await import(`kubernetes-models/${group ? group + "/" : ""}${version}`);
  } catch {
    return [`apiVersion ${r.apiVersion} is unknown to kubernetes-models`];
  }
  const Model = module[r.kind];
  if (!Model) return [`kind ${r.kind} does not exist in ${r.apiVersion}`];
  try {
    new Model(r).validate();
    return [];
  } catch (e) {
    return [e.message];
  }
}

// --- how the resources fit together -------------------------------------------------------------

const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]);

function podTemplates(resources) {
  return resources.filter((r) => WORKLOADS.has(r.kind)).map((r) => ({ owner: r, template: r.spec.template }));
}

function selects(selector, labels) {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

function consistencyProblems(resources, isOverlay) {
  const problems = [];
  const byKind = (kind) => resources.filter((r) => r.kind === kind);
  const find = (kind, name, ns) => resources.find((r) => r.kind === kind && r.metadata.name === name && (r.metadata.namespace ?? null) === (ns ?? null));
  const templates = podTemplates(resources);
  const namespaces = new Set(resources.filter((r) => r.kind !== "Namespace").map((r) => r.metadata.namespace ?? "(none)"));
  if (namespaces.size > 1) problems.push(`resources are spread over namespaces ${[...namespaces].join(", ")}`);

  for (const svc of byKind("Service")) {
    const pods = templates.filter((t) => t.owner.metadata.namespace === svc.metadata.namespace && selects(svc.spec.selector, t.template.metadata?.labels));
    if (pods.length === 0) problems.push(`Service ${svc.metadata.name}: its selector matches no pod template`);
    for (const port of svc.spec.ports ?? []) {
      if (typeof port.targetPort !== "string") continue;
      for (const { owner, template } of pods) {
        if (!template.spec.containers.some((c) => (c.ports ?? []).some((p) => p.name === port.targetPort))) {
          problems.push(`Service ${svc.metadata.name}: targetPort '${port.targetPort}' is not a named port of ${owner.kind} ${owner.metadata.name}`);
        }
      }
    }
  }
  for (const { owner, template } of templates) {
    const ns = owner.metadata.namespace;
    if (!selects(owner.spec.selector?.matchLabels, template.metadata?.labels)) {
      problems.push(`${owner.kind} ${owner.metadata.name}: spec.selector does not match its pod template's labels`);
    }
    if (owner.kind === "StatefulSet") {
      const svc = find("Service", owner.spec.serviceName, ns);
      if (!svc) problems.push(`StatefulSet ${owner.metadata.name}: serviceName ${owner.spec.serviceName} is not a Service here`);
      else if (svc.spec.clusterIP !== "None") problems.push(`StatefulSet ${owner.metadata.name}: Service ${svc.metadata.name} must be headless (clusterIP: None) to give pods DNS names`);
    }
    for (const c of [...(template.spec.initContainers ?? []), ...template.spec.containers]) {
      const where = `${owner.kind} ${owner.metadata.name} container ${c.name}`;
      const defined = new Set();
      for (const e of c.env ?? []) {
        for (const m of (e.value ?? "").matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
          if (!defined.has(m[1])) problems.push(`${where}: env ${e.name} uses $(${m[1]}), which is not defined above it (Kubernetes would leave it unexpanded)`);
        }
        defined.add(e.name);
        const cm = e.valueFrom?.configMapKeyRef;
        if (cm && !cm.optional) {
          const map = find("ConfigMap", cm.name, ns);
          if (!map) problems.push(`${where}: env ${e.name} reads ConfigMap ${cm.name}, which is not here`);
          else if (!Object.hasOwn(map.data ?? {}, cm.key)) problems.push(`${where}: env ${e.name} reads key ${cm.key}, which ConfigMap ${cm.name} lacks`);
        }
        const sk = e.valueFrom?.secretKeyRef;
        if (sk) {
          // A Secret may be created out of band (overlays/external-db); when it is here, it must have the key.
          const secret = find("Secret", sk.name, ns);
          if (secret && !Object.hasOwn({ ...(secret.data ?? {}), ...(secret.stringData ?? {}) }, sk.key)) {
            problems.push(`${where}: env ${e.name} reads key ${sk.key}, which Secret ${sk.name} lacks`);
          }
        }
        const rf = e.valueFrom?.resourceFieldRef;
        if (rf) {
          const target = template.spec.containers.find((x) => x.name === (rf.containerName ?? c.name));
          const [bucket, resource] = rf.resource.split(".");
          if (!target) problems.push(`${where}: env ${e.name} reads resources of unknown container ${rf.containerName}`);
          else if (target.resources?.[bucket]?.[resource] === undefined) {
            problems.push(`${where}: env ${e.name} reads ${rf.resource}, which is not set (Kubernetes would give the node's allocatable amount)`);
          }
        }
      }
      if (c.envFrom) problems.push(`${where}: envFrom is not used in Tuner's manifests (explicit env keeps the order of $(VAR) definitions visible)`);
      for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        const port = c[probe]?.httpGet?.port;
        if (typeof port === "string" && !(c.ports ?? []).some((p) => p.name === port)) problems.push(`${where}: ${probe} uses port '${port}', which the container does not name`);
      }
      if (isOverlay) {
        const { tag, digest } = splitImage(c.image ?? "");
        if (!digest && (!tag || tag === "latest")) problems.push(`${where}: image ${c.image} is not pinned to a version (set images: in the overlay)`);
      }
    }
  }
  for (const { owner, template } of templates) {
    const account = template.spec.serviceAccountName;
    if (account && !find("ServiceAccount", account, owner.metadata.namespace)) {
      problems.push(`${owner.kind} ${owner.metadata.name}: serviceAccountName ${account} is not a ServiceAccount here`);
    }
  }
  for (const binding of byKind("RoleBinding")) {
    const ref = binding.roleRef;
    if (ref.kind === "Role" && !find("Role", ref.name, binding.metadata.namespace)) problems.push(`RoleBinding ${binding.metadata.name}: roleRef Role ${ref.name} is not here`);
    for (const subject of binding.subjects ?? []) {
      if (subject.kind === "ServiceAccount" && !find("ServiceAccount", subject.name, subject.namespace ?? binding.metadata.namespace)) {
        problems.push(`RoleBinding ${binding.metadata.name}: subject ServiceAccount ${subject.name} is not here`);
      }
    }
  }
  for (const pdb of byKind("PodDisruptionBudget")) {
    if (!templates.some((t) => selects(pdb.spec.selector?.matchLabels, t.template.metadata?.labels))) problems.push(`PodDisruptionBudget ${pdb.metadata.name}: selects no pods`);
  }
  for (const hpa of byKind("HorizontalPodAutoscaler")) {
    const ref = hpa.spec.scaleTargetRef;
    const target = find(ref.kind, ref.name, hpa.metadata.namespace);
    if (!target) problems.push(`HorizontalPodAutoscaler ${hpa.metadata.name}: target ${ref.kind} ${ref.name} is not here`);
    else if (target.spec.replicas !== undefined) problems.push(`HorizontalPodAutoscaler ${hpa.metadata.name}: ${ref.kind} ${ref.name} sets replicas, so every apply would undo the autoscaler`);
    for (const m of hpa.spec.metrics ?? []) {
      const name = m.resource?.name;
      if (name && target && !target.spec.template.spec.containers.every((c) => c.resources?.requests?.[name] !== undefined)) {
        problems.push(`HorizontalPodAutoscaler ${hpa.metadata.name}: scales on ${name} utilization, but not every container requests ${name}`);
      }
    }
  }
  return problems;
}

// --- main ---------------------------------------------------------------------------------------

let failures = 0;
if (outDir) fs.mkdirSync(outDir, { recursive: true });
for (const dir of kustomizations()) {
  const name = path.relative(k8sRoot, dir);
  const problems = [];
  let resources = [];
  let how = "subset builder";
  try {
    resources = build(dir);
    const real = kubectlKustomize(dir);
    if (real) {
      how = `kubectl kustomize (kustomize ${real.version}), identical to the subset builder`;
      const mine = new Map(resources.map((r) => [resourceId(r), JSON.stringify(canonical(r))]));
      const theirs = new Map(real.resources.map((r) => [resourceId(r), JSON.stringify(canonical(r))]));
      for (const id of new Set([...mine.keys(), ...theirs.keys()])) {
        if (mine.get(id) !== theirs.get(id)) problems.push(`${id}: the subset builder and kubectl kustomize disagree\n  subset:  ${mine.get(id)}\n  kubectl: ${theirs.get(id)}`);
      }
      resources = real.resources; // the real thing is what gets applied
    }
  } catch (e) {
    problems.push(`build failed: ${e.stderr?.toString().trim() || e.message}`);
  }
  for (const r of resources) {
    const id = resourceId(r);
    for (const p of await schemaProblems(r)) problems.push(`${id}: schema: ${p}`);
    for (const p of unknownFields(r)) problems.push(`${id}: ${p}`);
  }
  if (resources.length > 0) problems.push(...consistencyProblems(resources, name.startsWith("overlays")));
  if (outDir && resources.length > 0) {
    fs.writeFileSync(path.join(outDir, name.replaceAll(path.sep, "__") + ".yaml"), resources.map((r) => stringify(r)).join("---\n"));
  }
  if (problems.length === 0) {
    console.log(`ok   ${name}: ${resources.length} resources (${how}), schemas and references valid`);
  } else {
    failures++;
    console.log(`FAIL ${name}:`);
    for (const p of problems) console.log(`  - ${p}`);
  }
}
if (failures > 0) {
  console.log(`${failures} kustomization(s) invalid`);
  process.exit(1);
}
console.log("deploy/k8s: all kustomizations valid");
