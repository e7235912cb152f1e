import { GoldenPathEngine } from '@golden-path/engine';
import type { ValidateOptions, ValidationReport } from '@golden-path/validators';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { actionContext, fixtureTemplates, tempDir } from '../testing/context.js';
import { GateQueue } from '../check/gateQueue.js';
import { VerdictStore } from '../check/verdicts.js';
import { createCheckAction, violationsMessage } from './check.js';

const failing: ValidationReport = {
  ok: false,
  results: [
    { validator: 'yaml', files: 3, findings: [], durationMs: 1 },
    {
      validator: 'trivy-config',
      files: 2,
      durationMs: 1,
      findings: [
        {
          validator: 'trivy-config',
          file: 'infra/alb.tf',
          line: 12,
          severity: 'error',
          message: 'AVD-AWS-0052: load balancer drops invalid headers',
        },
        { validator: 'trivy-config', file: 'infra/ecs.tf', severity: 'warning', message: 'a warning, not a violation' },
      ],
    },
    { validator: 'shellcheck', files: 1, findings: [], skipped: 'shellcheck is not installed', durationMs: 0 },
  ],
};

const RUNTIME = 'serviceTest:\n  command: [/bin/sh, -c, "true"]\nfiles:\n  merged: ["**"]\n';
const VALUES = { name: 'ledger-api', replicas: 3 };

/**
 * The check with the real engine on a fixture golden path, and a validator stand-in that records
 * the folder it is given (the real validators in their sandbox are tested in check/sandbox.test.ts).
 */
function setup(report: ValidationReport, options: { secret?: boolean; queue?: GateQueue } = {}) {
  const engine = new GoldenPathEngine({
    templatesRoot: fixtureTemplates('tiny-service', { secret: options.secret ?? false, runtime: RUNTIME }),
  });
  const seen: { dir: string; files: string[]; options: ValidateOptions }[] = [];
  const action = createCheckAction({
    engine,
    queue: options.queue ?? new GateQueue(1),
    validate: async (dir, validateOptions) => {
      seen.push({ dir, files: readdirSync(dir).sort(), options: validateOptions });
      writeFileSync(join(dir, '.coverage'), 'left behind by a tool');
      return { report, text: `formatted ${report.results.length} results` };
    },
  });
  /** A workspace holding what golden-path:render writes for VALUES. */
  const rendered = (input: Record<string, unknown> = {}) => {
    const context = actionContext(input);
    rmSync(context.workspacePath, { recursive: true });
    engine.render(engine.prepare(engine.load('tiny-service'), VALUES), context.workspacePath);
    return context;
  };
  return { action, seen, rendered };
}

async function failure(promise: Promise<unknown>): Promise<Error | undefined> {
  return promise.then(
    () => undefined,
    e => e as Error,
  );
}

describe('golden-path:check', () => {
  it('fails the task with one readable line per violation', async () => {
    const { action, rendered } = setup(failing);
    const { ctx, lines } = rendered();
    const error = await failure(action.handler(ctx));
    expect(error?.message).toBe(
      'The repository does not pass the policy check (2 violations); nothing was published:\n' +
        '  - [trivy-config] infra/alb.tf:12: AVD-AWS-0052: load balancer drops invalid headers\n' +
        '  - [shellcheck] did not run: shellcheck is not installed',
    );
    expect(lines.join('\n')).toContain('formatted 3 results');
  });

  it("passes with counts, checks a copy of the re-planned render with the runtime's service tests, and leaves the workspace as rendered", async () => {
    const { action, seen, rendered } = setup({ ok: true, results: failing.results.slice(0, 1) });
    const { ctx, outputs, workspacePath, lines } = rendered({ skip: ['service-tests'] });
    const before = readdirSync(workspacePath).sort();
    await action.handler(ctx);
    expect(outputs).toEqual({ validators: 1, warnings: 0 });
    expect(lines.join('\n')).toContain('exactly what tiny-service 2.1.0 renders (3 files)');
    expect(seen[0]?.dir).not.toContain(workspacePath);
    expect(seen[0]?.files).toEqual(['.golden-path.yaml', 'README.md', 'catalog-info.yaml']);
    expect(seen[0]?.options).toMatchObject({
      runtime: { serviceTest: { command: ['/bin/sh', '-c', 'true'] } },
      skip: ['service-tests'],
    });
    // The copy is gone, and nothing a tool wrote reached the workspace.
    expect(existsSync(seen[0]!.dir)).toBe(false);
    expect(readdirSync(workspacePath).sort()).toEqual(before);
  });

  it('waits for a free gate slot, logging its place, and runs its validators only then', async () => {
    const queue = new GateQueue(1);
    let releaseBusy!: () => void;
    const busy = queue.run(() => new Promise<void>(r => (releaseBusy = r)));
    const { action, seen, rendered } = setup({ ok: true, results: failing.results.slice(0, 1) }, { queue });
    const { ctx, lines } = rendered({ skip: ['service-tests'] });
    const checking = action.handler(ctx);
    for (let i = 0; i < 200 && !lines.join('\n').includes('Waiting for the policy gate'); i++)
      await new Promise(r => setTimeout(r, 25));
    expect(lines.join('\n')).toContain('Waiting for the policy gate: 1 gate ahead on this backend');
    expect(seen).toHaveLength(0);
    releaseBusy();
    await busy;
    await checking;
    expect(seen).toHaveLength(1);
  });

  it('refuses, before any tool runs, a workspace with a file the golden path does not render', async () => {
    const { action, seen, rendered } = setup({ ok: true, results: [] });
    const { ctx, workspacePath } = rendered();
    writeFileSync(join(workspacePath, 'conftest.py'), 'import os\n');
    mkdirSync(join(workspacePath, 'tests'));
    const error = await failure(action.handler(ctx));
    expect(error?.name).toBe('InputError');
    expect(error?.message).toBe(
      'The repository is not what golden path tiny-service 2.1.0 renders for the values in .golden-path.yaml (2 differences); the policy check runs nothing on files it did not render, and nothing was published:\n' +
        '  - conftest.py: not rendered by the golden path\n' +
        '  - tests/: a folder the golden path does not render',
    );
    expect(seen).toEqual([]);
  });

  it('refuses changed content, a changed mode, a missing file and a symbolic link, naming each', async () => {
    const { action, seen, rendered } = setup({ ok: true, results: [] });
    const { ctx, workspacePath } = rendered();
    writeFileSync(join(workspacePath, 'README.md'), '# Ledger Api\n\nReplicas: 30\n');
    chmodSync(join(workspacePath, 'catalog-info.yaml'), 0o755);
    rmSync(join(workspacePath, '.golden-path.yaml'));
    const error = await failure(action.handler(ctx));
    // Without the manifest there is nothing to re-plan from.
    expect(error?.message).toBe(
      '.golden-path.yaml is missing: this repository was not created from a golden path; the policy check runs only on what golden-path:render wrote',
    );

    const second = rendered();
    writeFileSync(join(second.workspacePath, 'README.md'), '# Ledger Api\n\nReplicas: 30\n');
    chmodSync(join(second.workspacePath, 'catalog-info.yaml'), 0o755);
    symlinkSync('/etc/passwd', join(second.workspacePath, 'passwd'));
    const message = (await failure(action.handler(second.ctx)))?.message ?? '';
    expect(message).toContain('(3 differences)');
    expect(message).toContain('  - README.md: content differs from the render');
    expect(message).toContain('  - catalog-info.yaml: mode 0755, rendered 0644');
    expect(message).toContain('  - passwd: a symbolic link (a golden path renders none)');
    expect(seen).toEqual([]);
  });

  it('refuses values the manifest records that do not re-plan the files there (a forged manifest)', async () => {
    const { action, seen, rendered } = setup({ ok: true, results: [] });
    const { ctx, workspacePath } = rendered();
    const manifest = readFileSync(join(workspacePath, '.golden-path.yaml'), 'utf8');
    // The same render recorded with other values: the files are those of replicas 3, the manifest says 4.
    writeFileSync(join(workspacePath, '.golden-path.yaml'), manifest.replace('replicas: 3', 'replicas: 4'));
    const message = (await failure(action.handler(ctx)))?.message ?? '';
    expect(message).toContain('(2 differences)');
    expect(message).toContain('  - .golden-path.yaml: content differs from the render');
    expect(message).toContain('  - README.md: content differs from the render');
    const other = rendered();
    writeFileSync(join(other.workspacePath, '.golden-path.yaml'), manifest.replace('version: 2.1.0', 'version: 9.0.0'));
    expect((await failure(action.handler(other.ctx)))?.message).toBe(
      '.golden-path.yaml: golden path "tiny-service" is at version 2.1.0; version 9.0.0 is not available',
    );
    expect(seen).toEqual([]);
  });

  it("reads no manifest that is a link (it could point at the backend's files) or larger than a manifest", async () => {
    const { action, seen, rendered } = setup({ ok: true, results: [] });
    const { ctx, workspacePath } = rendered();
    const secret = join(tempDir('gp-secret-'), 'secret.txt');
    writeFileSync(secret, 'GITHUB_TOKEN: sentinel-not-to-be-shown\n: [');
    rmSync(join(workspacePath, '.golden-path.yaml'));
    symlinkSync(secret, join(workspacePath, '.golden-path.yaml'));
    const message = (await failure(action.handler(ctx)))?.message;
    expect(message).toBe(
      '.golden-path.yaml is not a regular file (a link or a special file); the policy check runs only on what golden-path:render wrote',
    );
    const big = rendered();
    writeFileSync(join(big.workspacePath, '.golden-path.yaml'), 'x'.repeat(2 * 1024 * 1024));
    expect((await failure(action.handler(big.ctx)))?.message).toMatch(
      /^\.golden-path\.yaml is larger than 1048576 bytes/,
    );
    expect(seen).toEqual([]);
  });

  it('refuses to check a golden path with secret fields: their values are not recorded, so it cannot re-plan', async () => {
    const { action, seen, rendered } = setup({ ok: true, results: [] }, { secret: true });
    const { ctx } = rendered();
    expect((await failure(action.handler(ctx)))?.message).toMatch(
      /^golden path tiny-service has secret fields \(apiToken\): their values are not recorded in \.golden-path\.yaml/,
    );
    expect(seen).toEqual([]);
  });

  it('lists at most 40 violations in the error', () => {
    const many: ValidationReport = {
      ok: false,
      results: [
        {
          validator: 'yaml',
          files: 50,
          durationMs: 1,
          findings: Array.from({ length: 45 }, (_, i) => ({
            validator: 'yaml',
            file: `f${i}.yaml`,
            severity: 'error' as const,
            message: 'bad',
          })),
        },
      ],
    };
    const message = violationsMessage(many);
    expect(message).toMatch(/^The repository does not pass the policy check \(45 violations\)/);
    expect(message.split('\n')).toHaveLength(42);
    expect(message).toMatch(/and 5 more/);
  });
});

describe('golden-path:check with stored verdicts', () => {
  /** The check with a verdict store; counts the gate's runs and the engine's plans. */
  function stored() {
    const engine = new GoldenPathEngine({
      templatesRoot: fixtureTemplates('tiny-service', { secret: false, runtime: RUNTIME }),
    });
    const plans = vi.spyOn(engine, 'plan');
    let runs = 0;
    const action = createCheckAction({
      engine,
      queue: new GateQueue(1),
      validate: async () => {
        runs++;
        return { report: { ok: true, results: [] }, text: 'passed' };
      },
      verdicts: {
        store: new VerdictStore({ ttlMs: 60_000, maxEntries: 10, maxBytes: 1024 * 1024 }),
        versions: async () => ({ trivy: '1' }),
      },
    });
    const rendered = () => {
      const context = actionContext({});
      rmSync(context.workspacePath, { recursive: true });
      engine.render(engine.prepare(engine.load('tiny-service'), VALUES), context.workspacePath);
      return context;
    };
    return { action, rendered, runs: () => runs, plans };
  }

  it("reuses the verdict of a render with exactly the workspace's files, without planning it again", async () => {
    const { action, rendered, runs, plans } = stored();
    await action.handler(rendered().ctx); // the preview's render: planned, checked, stored
    expect(runs()).toBe(1);
    const task = rendered();
    const planned = plans.mock.calls.length;
    await action.handler(task.ctx);
    expect(runs()).toBe(1);
    expect(plans.mock.calls.length).toBe(planned);
    expect(task.lines.join('\n')).toMatch(
      /holds exactly the files .* of a render of tiny-service 2\.1\.0 the gate has checked/,
    );
    expect(task.lines.join('\n')).toContain('Reusing the verdict');
  });

  it('finds no verdict for a workspace with an empty folder, a changed mode or a link beside the checked files', async () => {
    const { action, rendered, runs } = stored();
    await action.handler(rendered().ctx);
    const changes: [string, (workspace: string) => void][] = [
      ['tests/: a folder the golden path does not render', w => mkdirSync(join(w, 'tests'))],
      ['catalog-info.yaml: mode 0755, rendered 0644', w => chmodSync(join(w, 'catalog-info.yaml'), 0o755)],
      ['passwd: a symbolic link', w => symlinkSync('/etc/passwd', join(w, 'passwd'))],
    ];
    for (const [problem, change] of changes) {
      const { ctx, workspacePath } = rendered();
      change(workspacePath);
      const error = await failure(action.handler(ctx));
      expect(error?.name).toBe('InputError');
      expect(error?.message).toContain(problem);
    }
    expect(runs()).toBe(1);
  });
});
