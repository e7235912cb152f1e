import { describe, expect, it } from 'vitest';
import { fixture, runOnly, text } from '../testing/fixture.js';
import { isShellScript } from './shellcheck.js';

describe('shellcheck validator', () => {
  it('chooses scripts by extension or by a sh/bash shebang', () => {
    expect(isShellScript({ path: 'scripts/build.sh', shebang: '' })).toBe(true);
    expect(isShellScript({ path: 'bin/run', shebang: '#!/usr/bin/env bash' })).toBe(true);
    expect(isShellScript({ path: 'bin/run', shebang: '#!/bin/sh -eu' })).toBe(true);
    expect(isShellScript({ path: 'bin/manage', shebang: '#!/usr/bin/env python3' })).toBe(false);
    expect(isShellScript({ path: 'bin/zsh-thing', shebang: '#!/bin/zsh' })).toBe(false);
  });

  it('passes a clean script', async () => {
    const dir = await fixture({
      'scripts/deploy.sh': text`
        #!/usr/bin/env bash
        set -euo pipefail
        target="\${1:?usage: deploy.sh TARGET}"
        rm -rf "\${target:?}/build"
      `,
    });
    const { report, result } = await runOnly(dir, 'shellcheck');
    expect(result).toMatchObject({ files: 1, findings: [] });
    expect(report.ok).toBe(true);
  });

  it('flags an unquoted variable, in a script found by its shebang', async () => {
    const dir = await fixture({
      'bin/entrypoint': text`
        #!/bin/sh
        set -eu
        exec gunicorn --bind 0.0.0.0:$PORT app.wsgi
      `,
    });
    const { report, result } = await runOnly(dir, 'shellcheck');
    expect(report.ok).toBe(false);
    expect(result!.findings).toEqual([
      expect.objectContaining({
        file: 'bin/entrypoint',
        line: 3,
        severity: 'error',
        message: expect.stringContaining('SC2086'),
      }),
    ]);
  });
});
