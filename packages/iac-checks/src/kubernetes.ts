import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { envoyGatewayProblems } from './envoy-gateway.ts';

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ManifestObject {
  file: string;
  object: KubernetesObject;
}

type Model = new (data: unknown) => { validate(): void };

/** Packages of schema models, tried in order for an apiVersion (their exports are per group/version). */
const modelPackages = [
  'kubernetes-models',
  '@kubernetes-models/argo-rollouts',
  '@kubernetes-models/argo-cd',
  '@kubernetes-models/gateway-api',
  '@kubernetes-models/prometheus-operator',
];

/** The schema model of a kind, or undefined when none of the packages knows it. */
export async function schemaModel(
  apiVersion: string,
  kind: string,
): Promise<Model | undefined> {
  for (const pkg of modelPackages) {
    let exported: Record<string, unknown>;
    try {
      exported = await import(`${pkg}/${apiVersion}`);
    } catch {
      continue;
    }
    if (typeof exported[kind] === 'function') {
      return exported[kind] as Model;
    }
  }
  return undefined;
}

/**
 * Validates objects against their schemas; returns one message per problem, including objects
 * whose kind has no schema here (so a new kind cannot slip through unchecked).
 */
export async function schemaProblems(
  objects: ManifestObject[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const { file, object } of objects) {
    const where = `${file}: ${object?.kind}/${object?.metadata?.name}`;
    if (!object?.apiVersion || !object.kind || !object.metadata?.name) {
      problems.push(`${where}: needs apiVersion, kind and metadata.name`);
      continue;
    }
    // Envoy Gateway's custom resources: no package ships models, the project's schemas check them.
    const envoyGateway = envoyGatewayProblems(object);
    if (envoyGateway) {
      problems.push(...envoyGateway.map(problem => `${where}: ${problem}`));
      continue;
    }
    const Model = await schemaModel(object.apiVersion, object.kind);
    if (!Model) {
      problems.push(
        `${where}: no schema for ${object.apiVersion} ${object.kind}`,
      );
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** Every YAML document under `dir` (recursively), except the files `skip` names. */
export function readManifests(
  dir: string,
  skip: (file: string) => boolean = () => false,
): ManifestObject[] {
  const files: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current).sort()) {
      const full = path.join(current, entry);
      if (statSync(full).isDirectory()) {
        walk(full);
      } else if (/\.ya?ml$/.test(entry)) {
        files.push(full);
      }
    }
  };
  walk(dir);
  return files
    .filter(file => !skip(file))
    .flatMap(file =>
      parseAllDocuments(readFileSync(file, 'utf8'))
        .map(doc => doc.toJS() as KubernetesObject)
        .filter(object => object !== null)
        .map(object => ({ file, object })),
    );
}
