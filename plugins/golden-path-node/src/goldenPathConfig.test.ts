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

  it('names the allowed targets for an unknown one', () => {
    expect(() => read({ goldenPath: { publish: { target: 'gitlab' } } })).toThrow(
      'goldenPath.publish.target must be "local" or "github", not "gitlab"',
    );
  });
});
