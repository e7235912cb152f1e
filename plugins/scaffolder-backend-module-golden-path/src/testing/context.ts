// Test helpers: an action context over Backstage's mock, with a logger that records what is logged.
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonObject, JsonValue } from '@backstage/types';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'gp-action-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface RecordingLogger {
  lines: string[];
}

function recordingLogger(lines: string[]): ActionContext<JsonObject>['logger'] {
  const log = (level: string) => (message: string, meta?: unknown) => {
    lines.push(`${level} ${message}${meta ? ` ${JSON.stringify(meta)}` : ''}`);
  };
  const logger = {
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    debug: log('debug'),
    child: () => logger,
  };
  return logger as unknown as ActionContext<JsonObject>['logger'];
}

/** Stores checkpoint results like the scaffolder does, so a second run of a step replays them. */
export function checkpointStore() {
  const values = new Map<string, JsonValue | void>();
  const calls: string[] = [];
  return {
    calls,
    async checkpoint<T extends JsonValue | void>(opts: { key: string; fn: () => Promise<T> | T }): Promise<T> {
      if (values.has(opts.key)) return values.get(opts.key) as T;
      calls.push(opts.key);
      const value = await opts.fn();
      values.set(opts.key, value);
      return value;
    },
  };
}

/** A mock action context on a real workspace folder; outputs and log lines are recorded. */
export function actionContext<I extends JsonObject>(input: I, extra: Partial<ActionContext<I>> = {}) {
  const workspacePath = extra.workspacePath ?? tempDir('gp-ws-');
  const lines: string[] = [];
  const outputs: Record<string, unknown> = {};
  const ctx = {
    ...createMockActionContext<I>({ input, workspacePath }),
    logger: recordingLogger(lines),
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    createTemporaryDirectory: async () => tempDir('gp-step-'),
    ...extra,
  } as ActionContext<I>;
  return { ctx, outputs, lines, workspacePath };
}

/**
 * A golden path of two files with a secret field (unless `secret: false`), for tests that need
 * neither parts nor the real template: templates/<id>/template.yaml + skeleton/, and runtime.yaml
 * when `runtime` is given.
 */
export function fixtureTemplates(id = 'tiny-service', options: { secret?: boolean; runtime?: string } = {}): string {
  const root = tempDir('gp-templates-');
  const dir = join(root, id);
  mkdirSync(join(dir, 'skeleton'), { recursive: true });
  writeFileSync(
    join(dir, 'template.yaml'),
    `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: ${id}
  annotations:
    golden-path.dev/version: 2.1.0
spec:
  parameters:
    - required: [name, replicas]
      properties:
        name: { type: string, pattern: '^[a-z][a-z0-9-]{2,31}$', description: 'Lowercase letters, digits and hyphens.' }
        replicas: { type: integer, minimum: 2, maximum: 10 }
${options.secret === false ? '' : '        apiToken: { type: string, minLength: 12, ui:field: Secret }\n'}  steps: []
`,
  );
  // Every rendered file needs a class (managed/merged/seeded): all merged unless `runtime` says otherwise.
  writeFileSync(join(dir, 'runtime.yaml'), options.runtime ?? 'files:\n  merged: ["**"]\n');
  writeFileSync(join(dir, 'skeleton', 'README.md.ejs'), '# <%= names.title %>\n\nReplicas: <%= values.replicas %>\n');
  writeFileSync(
    join(dir, 'skeleton', 'catalog-info.yaml.ejs'),
    'kind: Component\nmetadata:\n  name: <%= names.slug %>\n',
  );
  return root;
}
