import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFolders } from './codeFolders.js';

const REPO = realpathSync(resolve(import.meta.dirname, '../../../..'));

describe('codeFolders', () => {
  it("binds the runner's package, node_modules and the workspace packages it depends on, not the rest of the repository", () => {
    const folders = codeFolders(resolve(REPO, 'plugins/scaffolder-backend-module-golden-path/dist/check/runner.js'));
    expect(folders).toEqual(
      expect.arrayContaining([
        `${REPO}/node_modules`,
        `${REPO}/plugins/scaffolder-backend-module-golden-path`,
        `${REPO}/plugins/golden-path-validators`,
        `${REPO}/plugins/golden-path-engine`,
      ]),
    );
    for (const unused of ['packages/backend', 'packages/app', 'templates', '.data', 'app-config.yaml']) {
      expect(folders).not.toContain(`${REPO}/${unused}`);
    }
    expect(folders).not.toContain(REPO);
  });
});
