import { describe, expect, it } from 'vitest';
import { probeSandbox, sandboxPolicy, sandboxProblem, SandboxUnavailableError } from './sandbox.js';

describe('the sandbox probe', () => {
  it('finds bubblewrap usable here (scripts/system-deps.sh installs it)', () => {
    expect(sandboxProblem()).toBeUndefined();
  });

  it('names what is missing or refused, for the gate to fail closed with', () => {
    expect(probeSandbox('/nonexistent/bwrap')).toBe('/nonexistent/bwrap is missing');
    // A "bwrap" that cannot build the sandbox (here: one that always fails).
    expect(probeSandbox('/usr/bin/false')).toBe('/usr/bin/false cannot create namespaces: exit 1');
    expect(new SandboxUnavailableError('/usr/bin/bwrap is missing').message).toBe(
      "the gate's sandbox is not available (/usr/bin/bwrap is missing): no tool runs outside it. Install bubblewrap (scripts/system-deps.sh) on a kernel that allows user namespaces.",
    );
  });

  it('is required unless GOLDEN_PATH_SANDBOX=if-available', () => {
    const saved = process.env.GOLDEN_PATH_SANDBOX;
    try {
      delete process.env.GOLDEN_PATH_SANDBOX;
      expect(sandboxPolicy()).toBe('required');
      process.env.GOLDEN_PATH_SANDBOX = 'off';
      expect(sandboxPolicy()).toBe('required');
      process.env.GOLDEN_PATH_SANDBOX = 'if-available';
      expect(sandboxPolicy()).toBe('if-available');
    } finally {
      if (saved === undefined) delete process.env.GOLDEN_PATH_SANDBOX;
      else process.env.GOLDEN_PATH_SANDBOX = saved;
    }
  });
});
