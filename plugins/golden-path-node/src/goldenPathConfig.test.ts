import { ConfigReader } from '@backstage/config';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGoldenPathConfig } from './goldenPathConfig.js';

const backend = { baseUrl: 'http://localhost:7007/' };
const read = (data: object) => readGoldenPathConfig(new ConfigReader({ backend, ...data }));

describe('readGoldenPathConfig', () => {
  it('defaults to the local remote, the fallback author and paths relative to the working directory', () => {
    expect(read({})).toEqual({
      templatesRoot: resolve('templates'),
      publishTarget: 'local',
      publishOrgs: undefined,
      localRemote: { root: resolve('.data/repos'), browseBaseUrl: 'http://localhost:7007/api/golden-path/git' },
      defaultAuthor: { name: 'Golden Path', email: 'golden-path@localhost' },
      nameCheck: { cacheMs: 30_000, cacheEntries: 10_000, rateLimit: { burst: 20, perSecond: 2 } },
      permissions: { platformGroup: 'platform' },
      preview: { maxPerUser: 2, retryAfterSeconds: 10 },
      check: {
        concurrency: undefined,
        gates: undefined,
        memoryMiB: undefined,
        verdicts: { ttlMs: 900_000, maxEntries: 500, maxBytes: 32 * 1024 * 1024 },
      },
      reconciler: {
        frequencyMs: 300_000,
        initialDelayMs: 30_000,
        github: { lookBackMs: 7 * 86_400_000, graceMs: 3_600_000 },
      },
      taskQueue: { maxWaiting: 20, minFreeMemoryMiB: 256, retryAfterSeconds: 30 },
    });
  });

  it('reads every goldenPath key and the scaffolder default author', () => {
    const config = read({
      goldenPath: {
        templatesRoot: 'tpl',
        publish: { target: 'github', orgs: ['acme'] },
        localRemote: { root: '/srv/repos' },
        nameCheck: { cacheSeconds: 5, rateLimit: { burst: 3, perSecond: 1 } },
        permissions: { platformGroup: 'group:default/admins' },
        preview: { maxPerUser: 1, retryAfterSeconds: 3 },
        check: {
          concurrency: 3,
          gates: 2,
          memoryMiB: 900,
          verdicts: { ttlSeconds: 60, maxEntries: 10, maxBytes: 4096 },
        },
        reconciler: { frequencySeconds: 60, initialDelaySeconds: 5, github: { lookBackDays: 2, graceMinutes: 10 } },
        taskQueue: { maxWaiting: 2, minFreeMemoryMiB: 64, retryAfterSeconds: 5 },
      },
      scaffolder: {
        defaultAuthor: { name: 'Platform', email: 'platform@example.com' },
        defaultEnvironment: { parameters: { publishTarget: 'github' } },
      },
    });
    expect(config).toMatchObject({
      templatesRoot: resolve('tpl'),
      publishTarget: 'github',
      publishOrgs: ['acme'],
      localRemote: { root: '/srv/repos' },
      defaultAuthor: { name: 'Platform', email: 'platform@example.com' },
      nameCheck: { cacheMs: 5000, rateLimit: { burst: 3, perSecond: 1 } },
      permissions: { platformGroup: 'group:default/admins' },
      preview: { maxPerUser: 1, retryAfterSeconds: 3 },
      check: { concurrency: 3, gates: 2, memoryMiB: 900, verdicts: { ttlMs: 60_000, maxEntries: 10, maxBytes: 4096 } },
      reconciler: {
        frequencyMs: 60_000,
        initialDelayMs: 5_000,
        github: { lookBackMs: 2 * 86_400_000, graceMs: 600_000 },
      },
      taskQueue: { maxWaiting: 2, minFreeMemoryMiB: 64, retryAfterSeconds: 5 },
    });
  });

  it('refuses to start when the template would see another publish target than the code', () => {
    expect(() => read({ goldenPath: { publish: { target: 'github' } } })).toThrow(
      'goldenPath.publish.target is "github" but scaffolder.defaultEnvironment.parameters.publishTarget, which the template\'s steps read, is not set (local); set both to "github"',
    );
    expect(() => read({ scaffolder: { defaultEnvironment: { parameters: { publishTarget: 'github' } } } })).toThrow(
      /goldenPath.publish.target is "local" but .* is "github"; set both to "local"/,
    );
    expect(read({ scaffolder: { defaultEnvironment: { parameters: { publishTarget: 'local' } } } }).publishTarget).toBe(
      'local',
    );
  });

  it('refuses a name check limit that is not a positive number', () => {
    expect(() => read({ goldenPath: { nameCheck: { rateLimit: { perSecond: 0 } } } })).toThrow(
      'goldenPath.nameCheck.rateLimit.perSecond must be a positive number, not 0',
    );
  });

  it('refuses a gate concurrency or verdict bound that is not a whole number of at least 1', () => {
    expect(() => read({ goldenPath: { check: { concurrency: 0 } } })).toThrow(
      'goldenPath.check.concurrency must be a whole number of at least 1, not 0',
    );
    expect(() => read({ goldenPath: { check: { verdicts: { maxEntries: 2.5 } } } })).toThrow(
      'goldenPath.check.verdicts.maxEntries must be a whole number of at least 1, not 2.5',
    );
  });

  it('names the allowed targets for an unknown one', () => {
    expect(() => read({ goldenPath: { publish: { target: 'gitlab' } } })).toThrow(
      'goldenPath.publish.target must be "local" or "github", not "gitlab"',
    );
  });
});
