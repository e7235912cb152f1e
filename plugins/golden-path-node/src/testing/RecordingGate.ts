import type { PullRequestGate } from '@golden-path/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GoldenPathGate } from '../pullRequests/gate.js';

/**
 * A policy gate for tests: one validator, named `validator`, that fails when `fails` says so of the
 * README.md at the commit checked; it records every commit it was asked to check.
 */
export class RecordingGate implements GoldenPathGate {
  readonly checked: string[] = [];

  constructor(
    private readonly validator: string,
    private readonly fails: (readme: string) => boolean,
  ) {}

  async check(dir: string, commit: string): Promise<PullRequestGate> {
    this.checked.push(commit);
    const passed = !this.fails(readFileSync(join(dir, 'README.md'), 'utf8'));
    return {
      passed,
      commit,
      checkedAt: new Date().toISOString(),
      validators: [{ validator: this.validator, passed, errors: passed ? 0 : 1, warnings: 0 }],
    };
  }
}
