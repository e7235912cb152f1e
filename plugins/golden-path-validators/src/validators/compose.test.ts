import { describe, expect, it } from 'vitest';
import { fixture, runOnly, text } from '../testing/fixture.js';
import { isComposeFile } from './compose.js';

describe('compose validator', () => {
  it('recognises compose files', () => {
    expect(['docker-compose.yml', 'dev/docker-compose.test.yaml', 'compose.yaml'].every(isComposeFile)).toBe(true);
    expect(isComposeFile('composer.yml')).toBe(false);
  });

  it('passes a valid compose file', async () => {
    const dir = await fixture({
      'docker-compose.yml': text`
        version: "3.8"
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: local-only
            ports: ["5432:5432"]
      `,
    });
    const { report, result } = await runOnly(dir, 'compose');
    expect(result).toMatchObject({ files: 1, findings: [] });
    expect(report.ok).toBe(true);
  });

  it('flags an invalid service definition', async () => {
    const dir = await fixture({
      'docker-compose.yml': text`
        version: "3.8"
        services:
          db:
            image: postgres:16
            ports: 5432
      `,
    });
    const { report, messages } = await runOnly(dir, 'compose');
    expect(report.ok).toBe(false);
    expect(messages).toEqual([expect.stringMatching(/docker-compose config: .*ports/s)]);
  });
});
