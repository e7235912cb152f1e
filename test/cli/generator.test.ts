import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestAdapter } from '@yeoman/adapter/testing';
import { ValuesError } from '@golden-path/engine';
import { createEnv } from 'yeoman-environment';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runGenerator, type Progress } from '../../packages/cli/dist/main.js';
import { filesIn, FIXTURES, REPO, tempDir } from './helpers.js';

// Results are checked from the return value; nothing is printed.
const silent: Progress = { mode: 'plain', step: async (_, fn) => fn(), print() {}, note() {} };
const quiet = { progress: silent };

describe('the Yeoman generator, in process', () => {
  it('asks for the missing fields only and renders with the answers', async () => {
    const cwd = tempDir();
    const adapter = new TestAdapter({
      mockedAnswers: {
        description: 'Answered in a prompt',
        owner: 'group:default/team-b',
        tier: 'gold',
        database: true,
      },
    });
    const result = await runGenerator(
      { template: 'demo-service', templates: FIXTURES, input: { name: 'prompted-svc' }, interactive: true, ...quiet },
      { adapter, cwd },
    );
    const asked = adapter.calls.map(c => c.question.name);
    expect(asked).toEqual(['description', 'owner', 'tier', 'port', 'database', 'contact']);
    const out = join(cwd, 'prompted-svc');
    expect(result).toMatchObject({ ok: true, output: out, template: { id: 'demo-service', version: '2.1.0' } });
    expect(filesIn(out)).toContain('db/schema.sql');
    const manifest = parse(readFileSync(join(out, '.golden-path.yaml'), 'utf8'));
    expect(manifest.values).toEqual({
      name: 'prompted-svc',
      description: 'Answered in a prompt',
      owner: 'group:default/team-b',
      tier: 'gold',
      port: 8080,
      database: true,
    });
  });

  it('asks again for a field the engine refused, showing why', async () => {
    const cwd = tempDir();
    const notes: string[] = [];
    let ownerAsked = 0;
    const adapter = new TestAdapter({
      mockedAnswers: { description: 'x', owner: 'not a valid ref!' },
      // The second time the owner is asked, answer with a valid entity reference.
      callback: (answer, { question }) => (question.name === 'owner' && ++ownerAsked > 1 ? 'team-d' : answer),
    });
    const result = await runGenerator(
      {
        template: 'demo-service',
        templates: FIXTURES,
        input: { name: 'reasked' },
        interactive: true,
        progress: { ...quiet.progress, note: (t: string) => void notes.push(t) },
      },
      { adapter, cwd },
    );
    expect(ownerAsked).toBe(2);
    expect(notes.join('\n')).toMatch(/owner: must be an entity reference/);
    expect(result.ok).toBe(true);
    expect(parse(readFileSync(join(cwd, 'reasked/.golden-path.yaml'), 'utf8')).values.owner).toBe('team-d');
  });

  it('never prompts when not interactive and throws the engine issues for every missing field', async () => {
    const cwd = tempDir();
    const adapter = new TestAdapter();
    const run = runGenerator(
      { template: 'demo-service', templates: FIXTURES, interactive: false, ...quiet },
      { adapter, cwd },
    );
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValuesError);
    expect((error as ValuesError).issues.map(i => i.field).sort()).toEqual(['description', 'name', 'owner']);
    expect(adapter.calls).toEqual([]);
    expect(filesIn(cwd)).toEqual([]);
  });

  it('is found the way `yo golden-path` finds it: lookup of generator-golden-path, namespace golden-path', async () => {
    const cwd = tempDir();
    const env = createEnv({ adapter: new TestAdapter(), cwd });
    // yo looks in node_modules for generator-*; the workspace links generator-golden-path there.
    await env.lookup({ packagePaths: [join(REPO, 'node_modules/generator-golden-path')] });
    expect(env.namespaces()).toContain('golden-path:app');
    // As yo would: the arguments and flags of the command line, parsed by the generator.
    await env.run(
      [
        'golden-path',
        'demo-service',
        '--templates',
        FIXTURES,
        '--set',
        'name=yo-svc',
        '--set',
        'description=From yo',
        '--set',
        'owner=team-c',
        '--yes',
      ],
      { skipInstall: true, ...quiet },
    );
    expect(filesIn(join(cwd, 'yo-svc'))).toEqual([
      '.golden-path.yaml',
      'README.md',
      'assets/logo.png',
      'docs/NOTES.md',
      'scripts/run.sh',
    ]);
    // Yeoman's own in-memory file system wrote nothing (no .yo-rc.json, no conflicts handling).
    expect(existsSync(join(cwd, '.yo-rc.json'))).toBe(false);
  });
});
