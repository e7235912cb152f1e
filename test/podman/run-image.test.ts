// The generated service's image, built and run under podman from stand-in base images
// (run-image.sh: debootstrap, no registry): the probes answer, it runs as uid 65532 on a read-only
// root with no capabilities, and gunicorn does not name itself. Runs wherever podman, debootstrap
// and root are (CI's machine; scripts/system-deps.sh installs them) unless GOLDEN_PATH_PODMAN=0;
// the test run makes the stand-in bases in the background from its start (test/setup/sequencer.ts).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { podmanRecipeEnabled, RUN_IMAGE } from './recipe.ts';

/** `check <name> <value>` lines of the script's output. */
function checks(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter(l => l.startsWith('check '))
      .map(l => {
        const [, name, ...value] = l.split(' ');
        return [name!, value.join(' ')];
      }),
  );
}

describe.skipIf(!podmanRecipeEnabled())('the python-django-service image under podman', () => {
  it(
    'answers both probes as uid 65532 on a read-only root, without a Server header',
    () => {
      const run = spawnSync(RUN_IMAGE, ['payments-api'], {
        encoding: 'utf8',
        timeout: 24 * 60_000,
        // This machine's Python index may lack the exact pins (no PyPI here): the newest it has then.
        env: { ...process.env, GOLDEN_PATH_RELAX_PINS: process.env.GOLDEN_PATH_RELAX_PINS ?? '1' },
      });
      if (run.error) throw run.error;
      const found = checks(run.stdout);
      expect({ code: run.status, ...found }, run.stderr.slice(-3000)).toMatchObject({
        code: 0,
        healthz: '200',
        readyz: '200',
        'server-header': 'none',
        uid: '65532',
        'root-mount': 'ro',
        capabilities: '0000000000000000',
      });
    },
    25 * 60_000,
  );
});
