// Whether the podman recipe (run-image.sh) runs here, and its slow part started ahead of time.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const RUN_IMAGE = join(here, 'run-image.sh');
export const RECIPE_TEST = join(here, 'run-image.test.ts');

const onPath = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

/**
 * The recipe runs wherever it can (podman, debootstrap, root: CI's machine) unless
 * GOLDEN_PATH_PODMAN=0 turns it off.
 */
export function podmanRecipeEnabled(): boolean {
  return (
    process.env.GOLDEN_PATH_PODMAN !== '0' &&
    process.getuid?.() === 0 &&
    onPath('podman') &&
    onPath('debootstrap') &&
    onPath('flock')
  );
}

let started = false;

/**
 * Starts `run-image.sh --prepare` in the background (the stand-in bases: a debootstrap, minutes,
 * mostly waiting on the mirror), so the test finds them made or waits on the script's lock for the
 * rest. Its output goes to test-results/podman-prepare.log.
 */
export function prepareStandinsInBackground(root: string): void {
  if (started) return;
  started = true;
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const log = openSync(join(root, 'test-results', 'podman-prepare.log'), 'w');
  spawn(RUN_IMAGE, ['--prepare'], { stdio: ['ignore', log, log] }).unref();
}
