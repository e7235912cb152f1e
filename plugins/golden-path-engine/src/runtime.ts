import { Ajv, type ValidateFunction } from 'ajv';
import { TemplateError } from './errors.js';
import { FILE_CLASSES_SCHEMA, type FileClassGlobs } from './file-classes.js';
import { readYamlFile } from './yaml-file.js';

/** How `golden-path test` and the policy check run the generated service's own tests. */
export interface ServiceTest {
  /** The command and its arguments, run in a copy of the rendered repository. */
  command: string[];
  /** Variables the tests need, added to the validators' allow-listed environment. */
  env?: Record<string, string>;
  /** Defaults to 10 minutes. */
  timeoutMs?: number;
  /**
   * Address space per process in MiB, instead of the sandbox's 4096: Node.js reserves ~4.5 GB of
   * it for the WebAssembly that strips TypeScript types, however little it uses.
   */
  addressSpaceMiB?: number;
  /**
   * `go`: each run starts from a private copy of a Go build cache the platform builds once from the
   * standard library alone (GOCACHE), instead of compiling and vetting that library cold.
   */
  buildCache?: 'go';
}

/**
 * What the runtime's container is started with, by environment variable name: the ECS module turns
 * it into the task definition's `environment` and `secrets`, so no shared part names a runtime's
 * variables.
 */
export interface ContainerEnvironment {
  /** Plain values; `{hostNames}` in a value becomes the host names the service answers to (comma-separated). */
  environment?: Record<string, string>;
  /** Secrets Manager secrets the ECS module creates as `<service>/<id>`; an operator puts their values. */
  secrets?: Record<string, string>;
  /** Existing SSM parameters (SecureString), by full name, read by ECS at start. */
  parameters?: Record<string, string>;
}

/** runtime.yaml: a runtime's constants that shared parts need, passed to templates as `runtime`. */
export interface Runtime {
  language?: string;
  displayName?: string;
  /** The port the service listens on inside the container. */
  port?: number;
  /** The image's USER and the task definition's user, numeric (uid:gid). */
  containerUser?: string;
  healthPath?: string;
  readyPath?: string;
  /** GitHub's CodeQL language for this runtime. */
  codeqlLanguage?: string;
  /** Dependabot's package ecosystem for this runtime. */
  dependabotEcosystem?: string;
  serviceTest?: ServiceTest;
  /** The container's environment and secrets, given to the ECS module as data. */
  container?: ContainerEnvironment;
  /** Values of form fields the runtime's code implements, where a part needs it to (e.g. clientAuth: [jwt]). */
  supports?: Record<string, string[]>;
  /** Who owns each file of the golden path's own skeleton after creation (see file-classes.ts). */
  files?: FileClassGlobs;
}

const text = { type: 'string', minLength: 1 };
/** An environment variable name as ECS and every shell accept it. */
const envName = { pattern: '^[A-Z_][A-Z0-9_]*$' };
const envMap = (value: object) => ({ type: 'object', propertyNames: envName, additionalProperties: value });
const urlPath = { type: 'string', pattern: '^/' };

/** The JSON Schema of runtime.yaml: every key typed, unknown keys refused (a typo would render as nothing). */
export const RUNTIME_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    language: text,
    displayName: text,
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    containerUser: { type: 'string', pattern: '^\\d+(:\\d+)?$' },
    healthPath: urlPath,
    readyPath: urlPath,
    codeqlLanguage: text,
    dependabotEcosystem: text,
    serviceTest: {
      type: 'object',
      additionalProperties: false,
      required: ['command'],
      properties: {
        command: { type: 'array', minItems: 1, items: text },
        env: {
          type: 'object',
          propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
          additionalProperties: { type: 'string' },
        },
        timeoutMs: { type: 'integer', minimum: 1 },
        addressSpaceMiB: { type: 'integer', minimum: 1024, maximum: 65536 },
        buildCache: { enum: ['go'] },
      },
    },
    container: {
      type: 'object',
      additionalProperties: false,
      properties: {
        environment: envMap({ type: 'string' }),
        secrets: envMap({ type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 64 }),
        parameters: envMap({ type: 'string', pattern: '^/[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*$', maxLength: 1011 }),
      },
    },
    supports: {
      type: 'object',
      additionalProperties: { type: 'array', uniqueItems: true, items: text },
    },
    files: FILE_CLASSES_SCHEMA,
  },
} as const;

let validate: ValidateFunction | undefined;

/** Variable names that more than one of environment, secrets and parameters set: ECS would refuse the task. */
function containerVariablesGivenTwice(container: ContainerEnvironment | undefined): string[] {
  const all = [container?.environment, container?.secrets, container?.parameters].flatMap(m => Object.keys(m ?? {}));
  return [...new Set(all.filter((name, i) => all.indexOf(name) !== i))];
}

/** Reads and checks runtime.yaml; a broken one is the platform's bug, named by file and key. */
export function loadRuntime(file: string): Runtime {
  const doc = readYamlFile(file);
  // validateSchema off: the schema is ours and constant (the tests exercise it); checking it against
  // JSON Schema's meta-schema on every CLI start costs more than the check itself.
  validate ??= new Ajv({ allErrors: true, strict: true, validateSchema: false }).compile(RUNTIME_SCHEMA);
  if (validate(doc)) {
    const runtime = doc as Runtime;
    const twice = containerVariablesGivenTwice(runtime.container);
    if (twice.length) {
      throw new TemplateError(
        `${file}: container variables given more than once (environment, secrets, parameters): ${twice.join(', ')}`,
      );
    }
    // Each map present, so templates substitute them without conditions.
    if (runtime.container) runtime.container = { environment: {}, secrets: {}, parameters: {}, ...runtime.container };
    return runtime;
  }
  const problems = (validate.errors ?? []).map(e => {
    const p = e.params as { additionalProperty?: string; missingProperty?: string };
    const key = [...e.instancePath.split('/').slice(1), p.additionalProperty ?? p.missingProperty ?? []].flat();
    const what = p.additionalProperty
      ? 'is not a runtime.yaml key'
      : p.missingProperty
        ? 'is required'
        : (e.message ?? 'is invalid');
    return `${key.join('.') || '(file)'} ${what}`;
  });
  throw new TemplateError(`${file}: ${problems.join('; ')}`);
}
