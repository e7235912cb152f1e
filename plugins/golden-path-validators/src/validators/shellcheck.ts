import { hasExtension } from '../files.js';
import { formatComment, shellcheckFiles, shellcheckSeverity } from '../shellcheck.js';
import type { RepoFile, Validator } from '../types.js';

/** `#!/bin/sh`, `#!/usr/bin/env bash`, `#!/bin/bash -eu`: a sh or bash script. */
const SHELL_SHEBANG = /^#!\s*(?:\S*\/)?(?:env\s+(?:-\S+\s+)*)?(?:ba)?sh(?:\s|$)/;

export function isShellScript(file: RepoFile): boolean {
  return hasExtension(file.path, '.sh', '.bash') || SHELL_SHEBANG.test(file.shebang);
}

/** Every shell script (by extension or shebang) passes shellcheck. */
export const shellcheckValidator: Validator = {
  name: 'shellcheck',
  appliesTo: files => files.filter(isShellScript).map(f => f.path),
  async run(dir, files, options) {
    const comments = await shellcheckFiles(dir, files, options.signal);
    return {
      findings: comments.map(c => ({
        file: c.file,
        line: c.line,
        severity: shellcheckSeverity(c.level),
        message: formatComment(c),
      })),
    };
  },
};
