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
    });
  });

  it('reads every goldenPath key and the scaffolder default author', () => {
    const config = read({
      goldenPath: {
        templatesRoot: 'tpl',
        publish: { target: 'github', orgs: ['acme'] },
        localRemote: { root: '/srv/repos' },
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

  it('names the allowed targets for an unknown one', () => {
    expect(() => read({ goldenPath: { publish: { target: 'gitlab' } } })).toThrow(
      'goldenPath.publish.target must be "local" or "github", not "gitlab"',
    );
  });
});
