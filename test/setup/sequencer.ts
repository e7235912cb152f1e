// The order test files start in. With two workers, a long file that starts last runs alone at the
// end (a CI run spent 485 s of 1,514 with one file running): the longest files start first, by the
// seconds each took in a CI run (durations.json; refresh it from test-results/vitest.json with
// `node test/setup/durations.ts`). Files not listed keep vitest's own order after them.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { podmanRecipeEnabled, prepareStandinsInBackground, RECIPE_TEST } from '../podman/recipe.ts';
import { seedGoBuildCacheInBackground } from './goBuildCache.ts';

const seconds = JSON.parse(readFileSync(new URL('./durations.json', import.meta.url), 'utf8')) as Record<
  string,
  number
>;

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // The run's file list is known here first: the podman recipe's stand-in bases (minutes of
    // debootstrap, mostly waiting on the mirror) are made beside the other files, not in the test's turn.
    const podman = files.find(spec => spec.moduleId === RECIPE_TEST);
    if (podman && podmanRecipeEnabled()) prepareStandinsInBackground(podman.project.config.root);
    // Go's build cache for the gates' Go tests, likewise (seeded once per node_modules).
    if (files[0]) seedGoBuildCacheInBackground(files[0].project.config.root, files);
    const known = (spec: TestSpecification) => seconds[relative(spec.project.config.root, spec.moduleId)] ?? 0;
    // Array.prototype.sort is stable: equal (unknown) files keep the base order.
    return (await super.sort(files)).sort((a, b) => known(b) - known(a));
  }
}
