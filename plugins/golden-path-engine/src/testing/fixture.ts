import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes a templates folder from a map of path → content (string or Buffer); returns its root. */
export function makeTemplates(files: Record<string, string | Buffer>, modes: Record<string, number> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'gp-templates-'));
  for (const [path, content] of Object.entries(files)) {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    if (modes[path] !== undefined) chmodSync(abs, modes[path]);
  }
  return root;
}

export const DEMO_TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: demo
  title: Demo
  description: A demo golden path.
  annotations:
    golden-path.dev/version: 1.2.3
    golden-path.dev/parts: shared@^1.0.0
spec:
  owner: group:default/platform
  type: service
  parameters:
    - title: Service
      required: [name, owner]
      properties:
        name:
          type: string
          title: Name
          description: Lowercase letters, digits and hyphens.
          pattern: '^[a-z][a-z0-9-]{2,31}$'
        description:
          type: string
          default: A service.
        owner:
          type: string
          ui:field: OwnerPicker
        withWorker:
          type: boolean
          default: false
        apiToken:
          type: string
          ui:field: Secret
    - title: Size
      properties:
        size:
          type: string
          enum: ['256-512', '512-1024', '512-9999']
          default: '512-1024'
          ui:field: FargateSizePicker
        minTasks:
          type: integer
          minimum: 1
          default: 2
        maxTasks:
          type: integer
          minimumField: minTasks
          default: 4
  steps: []
`;

export const DEMO_PART = `id: shared
version: 1.4.0
description: A shared part.
target: infra
files:
  managed: ['**']
`;

/** runtime.yaml of the demo: a constant, and who owns each file (the code seeded, the rest merged, with files tests add). */
export const DEMO_RUNTIME = `port: 8000
files:
  seeded: ['src/**', "<%= values.withWorker ? 'worker.py' : '' %>"]
  merged: [README.md, logo.png, run.sh, config.yaml, bad.yaml, infra/**]
`;

/** A complete small golden path: templated paths, a conditional file, a binary, an executable, a part. */
export function demoTemplates(extra: Record<string, string | Buffer> = {}): string {
  return makeTemplates(
    {
      'demo/template.yaml': DEMO_TEMPLATE,
      'demo/runtime.yaml': DEMO_RUNTIME,
      'demo/skeleton/README.md.ejs': '# <%= names.title %>\n\n<%- esc.md(values.description) %>\n',
      'demo/skeleton/src/<%= names.snake %>/__init__.py.ejs': 'NAME = <%- esc.py(values.name) %>\n',
      "demo/skeleton/<%= values.withWorker ? 'worker.py' : '' %>.ejs": 'print("worker")\n',
      'demo/skeleton/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x3c, 0x25, 0x3d]),
      'demo/skeleton/run.sh': '#!/bin/sh\necho run\n',
      'demo/skeleton/config.yaml.ejs':
        'owner: <%= computed.owner.ref %>\ncpu: <%= computed.size.cpu %>\nmemory: <%= computed.size.memory %>\nport: <%= runtime.port %>\ndescription: <%- esc.yaml(values.description) %>\n',
      'parts/shared/part.yaml': DEMO_PART,
      'parts/shared/skeleton/main.tf.ejs':
        'locals {\n  name = <%- esc.hcl(names.aws) %>\n  part = "<%= parts.shared %>"\n}\n',
      'platform.yaml': 'approvedImages:\n  base: { image: debian, digest: sha256:abc }\n',
      ...extra,
    },
    { 'demo/skeleton/run.sh': 0o755 },
  );
}

export const DEMO_VALUES = { name: 'payments-api', owner: 'payments' };
