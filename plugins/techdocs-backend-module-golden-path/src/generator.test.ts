import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, transports } from 'winston';
import { describe, expect, it } from 'vitest';
import { createGoldenPathTechdocsGenerator } from './generator.js';

const config = new ConfigReader({});
const logger = mockServices.logger.mock();
const runLogger = createLogger({ transports: [new transports.Console({ silent: true })] });

/** A docs folder as a service's repository has it: mkdocs.yml asking for techdocs-core, docs/. */
function docsSite(mkdocs: string, pages: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gp-techdocs-in-'));
  writeFileSync(join(dir, 'mkdocs.yml'), mkdocs);
  for (const [path, text] of Object.entries(pages)) {
    mkdirSync(join(dir, 'docs', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'docs', path), text);
  }
  return dir;
}

describe('the golden-path TechDocs generator (stock generator, Debian MkDocs in the sandbox)', () => {
  it('builds what the TechDocs reader reads: Material pages, techdocs_metadata.json, the search index', async () => {
    const inputDir = docsSite(
      'site_name: Ledger\nsite_description: Posts journal entries.\nnav:\n  - Overview: index.md\n  - Runbooks:\n      - High CPU: runbooks/high-cpu.md\nplugins:\n  - techdocs-core\n',
      {
        'index.md': '# Ledger\n\n!!! note\n    On call: team ledger.\n',
        'runbooks/high-cpu.md': '# High CPU\n\nScale out first.\n',
      },
    );
    const outputDir = mkdtempSync(join(tmpdir(), 'gp-techdocs-out-'));
    const generator = createGoldenPathTechdocsGenerator({ config, logger });
    await generator.run({ inputDir, outputDir, logger: runLogger, etag: 'abc123' });

    const index = readFileSync(join(outputDir, 'index.html'), 'utf8');
    expect(index).toContain('md-content'); // the Material theme, whose markup the reader transforms
    expect(index).toContain('class="admonition note"'); // techdocs-core's Markdown extensions
    expect(existsSync(join(outputDir, 'runbooks', 'high-cpu', 'index.html'))).toBe(true);
    const metadata = JSON.parse(readFileSync(join(outputDir, 'techdocs_metadata.json'), 'utf8'));
    expect(metadata).toMatchObject({ site_name: 'Ledger', site_description: 'Posts journal entries.', etag: 'abc123' });
    expect(metadata.files).toContain('runbooks/high-cpu/index.html');
    const search = JSON.parse(readFileSync(join(outputDir, 'search', 'search_index.json'), 'utf8'));
    expect(search.docs.map((d: { location: string }) => d.location)).toContain('runbooks/high-cpu/');
  }, 60_000);

  it("fails with MkDocs' own words when the site cannot be built", async () => {
    const inputDir = docsSite('site_name: Broken\ntheme:\n  name: no-such-theme\nplugins:\n  - techdocs-core\n', {
      'index.md': '# Broken\n',
    });
    const outputDir = mkdtempSync(join(tmpdir(), 'gp-techdocs-out-'));
    await expect(
      createGoldenPathTechdocsGenerator({ config, logger }).run({ inputDir, outputDir, logger: runLogger }),
    ).rejects.toThrow(/mkdocs build failed \(exit 1\):[^]*no-such-theme/);
  }, 60_000);

  it('refuses techdocs.generator.runIn local, which would run MkDocs with the backend own environment', () => {
    const local = new ConfigReader({ techdocs: { generator: { runIn: 'local' } } });
    expect(() => createGoldenPathTechdocsGenerator({ config: local, logger })).toThrow(/runIn is "local"/);
  });
});
