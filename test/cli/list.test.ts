import { describe, expect, it } from 'vitest';
import { cli, FIXTURES } from './helpers.js';

describe('golden-path list', () => {
  it('prints id, version, title and description of every golden path', () => {
    const r = cli(['list', '--templates', FIXTURES]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^demo-service@2\.1\.0\s+Demo service$/m);
    expect(r.stdout).toContain('A tiny service for the CLI tests.');
    expect(r.stdout).not.toContain('parts'); // shared parts are not golden paths
  });

  it('prints one JSON object with --json', () => {
    const r = cli(['list', '--json', '--templates', FIXTURES]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { templates: Record<string, unknown>[] };
    expect(out.templates).toEqual([
      expect.objectContaining({
        id: 'demo-service',
        title: 'Demo service',
        version: '2.1.0',
        description: 'A tiny service for the CLI tests.',
        parts: [{ id: 'notes', version: '1.3.0' }],
      }),
    ]);
  });

  it('reads the templates folder from GOLDEN_PATH_TEMPLATES', () => {
    const r = cli(['list', '--json'], { env: { GOLDEN_PATH_TEMPLATES: FIXTURES } });
    expect(JSON.parse(r.stdout).templates.map((t: { id: string }) => t.id)).toEqual(['demo-service']);
  });

  it('refuses a templates folder that does not exist with exit 2', () => {
    const r = cli(['list', '--templates', '/nonexistent/templates']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/templates');
  });
});
