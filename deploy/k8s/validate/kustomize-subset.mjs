// The part of kustomize that deploy/k8s uses, for machines without `kubectl kustomize`:
// `resources` (files, possibly multi-document, and folders with their own kustomization),
// `namespace`, `images` and `patches` (JSON 6902 operations, targeted by kind and name).
// Anything else in a kustomization is an error here, never silently ignored, so this builder and
// the real kustomize cannot drift apart unnoticed; where kubectl is available, validate.mjs builds
// with both and requires identical results.
import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";

const SUPPORTED_FIELDS = new Set(["apiVersion", "kind", "resources", "namespace", "images", "patches"]);

// Kinds that have no namespace (the ones a Tuner install could meet).
const CLUSTER_SCOPED = new Set([
  "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume",
  "StorageClass", "PriorityClass", "IngressClass", "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration", "APIService", "RuntimeClass",
]);

export function loadYamlDocuments(file) {
  const text = fs.readFileSync(file, "utf8");
  const docs = parseAllDocuments(text, { prettyErrors: true });
  const result = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join("; ")}`);
    const value = doc.toJS();
    if (value !== null && value !== undefined) result.push(value);
  }
  return result;
}

function kustomizationFile(dir) {
  for (const name of ["kustomization.yaml", "kustomization.yml", "Kustomization"]) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return file;
  }
  return null;
}

/** Builds the kustomization in `dir`; returns the resources as plain objects. */
export function build(dir) {
  const file = kustomizationFile(dir);
  if (!file) throw new Error(`${dir}: no kustomization.yaml`);
  const [k] = loadYamlDocuments(file);
  for (const field of Object.keys(k)) {
    if (!SUPPORTED_FIELDS.has(field)) {
      throw new Error(`${file}: field '${field}' is not supported by the subset builder (kustomize-subset.mjs); extend it or use kubectl kustomize`);
    }
  }

  let resources = [];
  for (const entry of k.resources ?? []) {
    const target = path.resolve(dir, entry);
    if (!fs.existsSync(target)) throw new Error(`${file}: resource '${entry}' does not exist`);
    const loaded = fs.statSync(target).isDirectory() ? build(target) : loadYamlDocuments(target);
    resources.push(...loaded);
  }
  const ids = new Set();
  for (const r of resources) {
    const id = resourceId(r);
    if (ids.has(id)) throw new Error(`${file}: ${id} is defined twice`);
    ids.add(id);
  }

  // kustomize's order: patches, then the namespace, then images.
  for (const [i, p] of (k.patches ?? []).entries()) resources = applyPatch(resources, p, dir, `${file}: patches[${i}]`);
  if (k.namespace) resources.forEach((r) => setNamespace(r, k.namespace));
  for (const image of k.images ?? []) resources.forEach((r) => setImage(r, image));
  return resources;
}

export function resourceId(r) {
  return `${r.kind}/${r.metadata?.namespace ?? "~"}/${r.metadata?.name}`;
}

function setNamespace(r, namespace) {
  r.metadata ??= {};
  if (r.kind === "Namespace") r.metadata.name = namespace; // kustomize renames Namespace objects
  else if (!CLUSTER_SCOPED.has(r.kind)) r.metadata.namespace = namespace;
  // kustomize moves the ServiceAccounts a binding names into the namespace too (its subjects then name it).
  if (r.kind === "RoleBinding" || r.kind === "ClusterRoleBinding") {
    for (const subject of r.subjects ?? []) if (subject.kind === "ServiceAccount") subject.namespace = namespace;
  }
}

function podSpecs(r) {
  const spec = r.spec ?? {};
  if (r.kind === "Pod") return [spec];
  if (r.kind === "CronJob") return spec.jobTemplate?.spec?.template?.spec ? [spec.jobTemplate.spec.template.spec] : [];
  return spec.template?.spec ? [spec.template.spec] : [];
}

function setImage(r, image) {
  for (const pod of podSpecs(r)) {
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const { name, tag, digest } = splitImage(c.image ?? "");
      if (name !== image.name) continue;
      const newName = image.newName ?? name;
      if (image.digest) c.image = `${newName}@${image.digest}`;
      else if (image.newTag !== undefined) c.image = `${newName}:${image.newTag}`;
      else c.image = newName + (digest ? `@${digest}` : tag ? `:${tag}` : "");
    }
  }
}

export function splitImage(image) {
  const at = image.indexOf("@");
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const rest = at >= 0 ? image.slice(0, at) : image;
  const colon = rest.lastIndexOf(":");
  // A colon before the last slash belongs to a registry port, not a tag.
  if (colon > rest.lastIndexOf("/")) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, tag: undefined, digest };
}

function applyPatch(resources, p, dir, where) {
  const unsupported = Object.keys(p).filter((key) => !["patch", "path", "target"].includes(key));
  if (unsupported.length > 0) throw new Error(`${where}: ${unsupported.join(", ")} not supported by the subset builder`);
  const text = p.patch ?? (p.path ? fs.readFileSync(path.resolve(dir, p.path), "utf8") : null);
  if (text === null) throw new Error(`${where}: needs patch or path`);
  const ops = parseAllDocuments(text).map((d) => d.toJS())[0];
  if (!Array.isArray(ops)) throw new Error(`${where}: only JSON 6902 patches (a list of operations) are supported by the subset builder`);
  const target = p.target ?? {};
  const unsupportedTarget = Object.keys(target).filter((key) => !["kind", "name"].includes(key));
  if (unsupportedTarget.length > 0 || !target.kind || !target.name) {
    throw new Error(`${where}: the subset builder selects patch targets by kind and name only`);
  }
  const matches = resources.filter((r) => r.kind === target.kind && r.metadata?.name === target.name);
  if (matches.length === 0) throw new Error(`${where}: no ${target.kind} named ${target.name} to patch`);
  return resources.map((r) => (matches.includes(r) ? applyOperations(structuredClone(r), ops, where) : r));
}

function pointer(pathText, where) {
  if (pathText === "") return [];
  if (!pathText.startsWith("/")) throw new Error(`${where}: bad JSON pointer '${pathText}'`);
  return pathText.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function parentOf(doc, tokens, where, pathText) {
  let node = doc;
  for (const t of tokens.slice(0, -1)) {
    node = Array.isArray(node) ? node[Number(t)] : node?.[t];
    if (node === undefined || node === null) throw new Error(`${where}: path ${pathText} does not exist`);
  }
  return node;
}

function applyOperations(doc, ops, where) {
  for (const op of ops) {
    const tokens = pointer(op.path, where);
    if (tokens.length === 0) throw new Error(`${where}: operations on the whole document are not supported`);
    const last = tokens[tokens.length - 1];
    const parent = parentOf(doc, tokens, where, op.path);
    const exists = Array.isArray(parent) ? Number(last) < parent.length : Object.hasOwn(parent, last);
    switch (op.op) {
      case "add":
        if (Array.isArray(parent)) {
          if (last === "-") parent.push(op.value);
          else parent.splice(Number(last), 0, op.value);
        } else parent[last] = op.value;
        break;
      case "replace":
        if (!exists) throw new Error(`${where}: replace of missing ${op.path}`);
        parent[last] = op.value;
        break;
      case "remove":
        if (!exists) throw new Error(`${where}: remove of missing ${op.path}`);
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
        break;
      default:
        throw new Error(`${where}: operation '${op.op}' is not supported by the subset builder`);
    }
  }
  return doc;
}
