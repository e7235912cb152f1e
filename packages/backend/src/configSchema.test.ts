import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadConfigSchemaInChild } from './configSchema.js';

describe('loadConfigSchemaInChild', () => {
  const empty = mkdtempSync(join(tmpdir(), 'gp-config-schema-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it("fails with the child's reason rather than give a logger nothing to redact", async () => {
    const logger = { warn: vi.fn() } as unknown as LoggerService;
    // No package.json here: the child cannot list the workspace's packages, so there is no schema.
    await expect(loadConfigSchemaInChild(logger, empty)).rejects.toThrow(
      /Could not compile the config schema[^]*package\.json/,
    );
  });
});
