// The container-hardening part's diff script, run as CI runs it (bash and jq, as GitHub's runners
// have them) on Trivy's own JSON output: see fixtures/README.md for how the fixtures were made.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, '../../templates/parts/container-hardening/skeleton/scripts/container-diff.sh');
const fixture = (name: string) => join(here, 'fixtures', `${name}.json`);

const scratchDirs: string[] = [];
/** A temporary folder, removed after the tests. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'container-diff-'));
  scratchDirs.push(dir);
  return dir;
}
afterAll(() => scratchDirs.forEach(dir => rmSync(dir, { recursive: true, force: true })));

function diff(before: string, after: string, ...args: string[]) {
  const run = spawnSync('/bin/bash', [script, before, after, ...args], { encoding: 'utf8' });
  if (run.error) throw run.error;
  return { code: run.status, markdown: run.stdout, stderr: run.stderr };
}

/** The table row for `label` as [before, after, change]. */
function row(markdown: string, label: string): string[] {
  const line = markdown.split('\n').find(l => l.startsWith(`| ${label} |`));
  if (!line) throw new Error(`no row ${label} in:\n${markdown}`);
  return line
    .split(' | ')
    .slice(1)
    .map(c => c.replace(/ \|$/, ''));
}

/** The rows of the "Findings that fail the gate" table as [severity, id, package]. */
function gateRows(markdown: string): string[][] {
  const section = markdown.split('### Findings that fail the gate')[1];
  if (!section) return [];
  return section
    .split('\n')
    .filter(l => l.startsWith('| ') && !l.startsWith('| Severity') && !l.startsWith('| ---'))
    .map(l =>
      l
        .split(' | ')
        .slice(0, 3)
        .map(c => c.replace(/^\| /, '')),
    );
}

/** The parts of Trivy's JSON report that the edits below touch. */
interface TrivyReport {
  Metadata: { Size?: number; OS?: { Family: string } };
  Results: { Class?: string; Vulnerabilities?: { Severity: string; PkgName: string }[] }[];
}

/** A copy of a Trivy fixture changed by `edit`, for the cases Trivy cannot be made to produce here. */
function edited(name: string, edit: (report: TrivyReport) => void): string {
  const report = JSON.parse(readFileSync(fixture(name), 'utf8')) as TrivyReport;
  edit(report);
  const path = join(scratch(), `${name}.json`);
  writeFileSync(path, JSON.stringify(report));
  return path;
}

/** A copy of an image's /var/lib/dpkg holding only these files (path → content). */
function dpkgCopy(files: Record<string, string>): string {
  const dir = join(scratch(), 'dpkg');
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  return dir;
}

/** The minified image's file list as `docker export | tar -t` prints it. */
function afterFiles(paths: string[]): string {
  const file = join(scratch(), 'after-files.txt');
  writeFileSync(file, paths.join('\n') + '\n');
  return file;
}

describe('container-diff.sh', () => {
  it('counts findings by severity and packages in both reports', () => {
    const { markdown } = diff(fixture('before'), fixture('after-critical'));
    expect(row(markdown, 'Critical vulnerabilities')).toEqual(['2', '1', '−1 (−50.0%)']);
    expect(row(markdown, 'High vulnerabilities')).toEqual(['3', '2', '−1 (−33.3%)']);
    expect(row(markdown, 'Medium vulnerabilities')).toEqual(['2', '1', '−1 (−50.0%)']);
    expect(row(markdown, 'Low vulnerabilities')).toEqual(['4', '1', '−3 (−75.0%)']);
    expect(row(markdown, 'Unknown vulnerabilities')).toEqual(['0', '0', '±0']);
    expect(row(markdown, 'All vulnerabilities')).toEqual(['11', '5', '−6 (−54.5%)']);
    expect(row(markdown, 'Packages')).toEqual(['22', '10', '−12 (−54.5%)']);
    expect(markdown).toContain('Minification removed 6 finding(s) and introduced 0.');
  });

  it('reports the size delta from explicit sizes', () => {
    const { markdown } = diff(
      fixture('before'),
      fixture('after-clean'),
      '--before-size',
      '851443712',
      '--after-size',
      '99614720',
    );
    expect(row(markdown, 'Image size')).toEqual(['812.0 MiB', '95.0 MiB', '−717.0 MiB (−88.3%)']);
  });

  it("falls back to the report's Metadata.Size (newer Trivy writes it for images)", () => {
    // The Trivy bundled here predates Metadata.Size, so the sizes are added to copies.
    const before = edited('before', r => (r.Metadata.Size = 2048));
    const after = edited('after-clean', r => (r.Metadata.Size = 3072));
    expect(row(diff(before, after).markdown, 'Image size')).toEqual(['2.0 KiB', '3.0 KiB', '+1.0 KiB (+50.0%)']);
    expect(row(diff(fixture('before'), fixture('after-clean')).markdown, 'Image size')).toEqual(['n/a', 'n/a', 'n/a']);
  });

  it('fails the gate on a critical finding in the minified image', () => {
    const { code, markdown, stderr } = diff(fixture('before'), fixture('after-critical'));
    expect(code).toBe(1);
    expect(markdown).toContain('**Gate: failed**');
    expect(gateRows(markdown)).toEqual([
      ['CRITICAL', 'CVE-2099-0001', 'libssl3'],
      ['HIGH', 'CVE-2099-0002', 'Django'],
    ]);
    expect(stderr).toContain('gate failed: 2 finding(s)');
  });

  it('fails the gate on a high finding that has a fix', () => {
    const { code, markdown } = diff(fixture('before'), fixture('after-fixable-high'));
    expect(code).toBe(1);
    expect(row(markdown, 'Critical vulnerabilities')[1]).toBe('0');
    expect(gateRows(markdown)).toEqual([['HIGH', 'CVE-2099-0002', 'Django']]);
  });

  it('passes with only unfixable highs left, whatever the before image had', () => {
    const { code, markdown } = diff(fixture('before'), fixture('after-clean'));
    expect(code).toBe(0);
    expect(row(markdown, 'High vulnerabilities')).toEqual(['3', '1', '−2 (−66.7%)']);
    expect(markdown).toContain('**Gate: passed**');
    expect(markdown).not.toContain('Findings that fail the gate');
  });

  it('judges an ecosystem the after scan can see by the after scan alone', () => {
    expect(diff(fixture('after-critical'), fixture('after-clean')).code).toBe(0);
    expect(diff(fixture('after-clean'), fixture('after-critical')).code).toBe(1);
  });

  it('fails the gate on a critical OS finding the minified image keeps but its scan cannot see', () => {
    // mint removed the package database: Trivy finds no OS after, yet libssl3's files are still there.
    const { code, markdown } = diff(fixture('before'), fixture('after-no-packages'));
    expect(code).toBe(1);
    expect(gateRows(markdown)).toEqual([
      ['CRITICAL', 'CVE-2099-0001', 'libssl3'],
      ['CRITICAL', 'CVE-2099-0001', 'openssl'],
      ['HIGH', 'CVE-2099-0002', 'Django'],
      ['HIGH', 'CVE-2099-0007', 'setuptools'],
    ]);
    // Without evidence of what survived, every package of the before scan is kept (fail closed).
    expect(row(markdown, 'All vulnerabilities')).toEqual(['11', '11', '±0 (±0.0%)']);
    expect(markdown).toContain('no OS package database (debian before)');
    expect(markdown).toMatch(/keep their findings in the After column and the gate: .*libssl3 3\.0\.19-1\\~deb12u2/);
    // Some Trivy versions name the missing OS "none" rather than leaving it out.
    const none = edited('after-no-packages', r => (r.Metadata.OS = { Family: 'none' }));
    expect(diff(fixture('before'), none).code).toBe(1);
    expect(diff(fixture('before'), fixture('after-clean')).markdown).not.toContain('no OS package database');
  });

  it('keeps the findings of an OS package only while its files survive minification', () => {
    const osOnly = edited('before', r => (r.Results = r.Results.filter(x => x.Class === 'os-pkgs')));
    // distroless keeps dpkg's file lists in status.d/<package>.md5sums, Debian in info/<package>:<arch>.list.
    const dpkg = dpkgCopy({
      'status.d/libssl3.md5sums': `${'0'.repeat(32)}  usr/lib/x86_64-linux-gnu/libssl.so.3\n`,
      'info/openssl:amd64.list': '/.\n/usr\n/usr/bin\n/usr/bin/openssl\n/usr/lib/ssl/openssl.cnf\n',
    });
    const kept = afterFiles(['./', './usr/', './usr/lib/x86_64-linux-gnu/', './usr/lib/x86_64-linux-gnu/libssl.so.3']);
    const keeping = diff(osOnly, fixture('after-no-packages'), '--package-files', dpkg, '--after-files', kept);
    expect(keeping.code).toBe(1);
    expect(gateRows(keeping.markdown)).toEqual([['CRITICAL', 'CVE-2099-0001', 'libssl3']]); // openssl's files are gone

    const gone = afterFiles(['./usr/', './usr/bin/', './app/manage.py']); // a directory alone keeps nothing
    const passing = diff(osOnly, fixture('after-no-packages'), '--package-files', dpkg, '--after-files', gone);
    expect(passing.code).toBe(0);
    expect(passing.markdown).toContain('**Gate: passed**');
    // Packages with no file list (zlib1g, its unfixed high) are still kept: nothing shows they left.
    expect(row(passing.markdown, 'High vulnerabilities')).toEqual(['1', '1', '±0 (±0.0%)']);
  });

  it("adds the OS packages that remain to the minified image's SBOM", () => {
    const sbom = join(scratch(), 'sbom.cdx.json');
    writeFileSync(sbom, JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [] }));
    const dpkg = dpkgCopy({ 'status.d/openssl.md5sums': `${'0'.repeat(32)}  usr/bin/openssl\n` });
    const { code } = diff(
      fixture('before'),
      fixture('after-no-packages'),
      '--package-files',
      dpkg,
      '--after-files',
      afterFiles(['usr/lib/x86_64-linux-gnu/libssl.so.3']),
      '--sbom',
      sbom,
    );
    expect(code).toBe(1);
    const components = (JSON.parse(readFileSync(sbom, 'utf8')) as { components: { name: string; purl: string }[] })
      .components;
    const purls = components.map(c => c.purl);
    expect(purls).toContain('pkg:deb/debian/libssl3@3.0.19-1~deb12u2?arch=amd64&distro=debian-12.11');
    expect(purls).toContain('pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12.11');
    expect(components.map(c => c.name)).not.toContain('openssl'); // its only file is gone
    expect(components.map(c => c.name)).not.toContain('Django'); // OS packages only: its scan lists the rest
    // An SBOM that Trivy already completed (an image that kept its database) is left as it was.
    const seen = join(scratch(), 'seen.cdx.json');
    writeFileSync(seen, JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [] }));
    diff(fixture('before'), fixture('after-clean'), '--sbom', seen);
    expect(JSON.parse(readFileSync(seen, 'utf8'))).toMatchObject({ components: [] });
  });

  it('writes Markdown of a stable shape: marker, heading, table, chart', () => {
    const { markdown } = diff(fixture('before'), fixture('after-critical'));
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('<!-- container-diff -->');
    expect(lines[1]).toBe('## Container diff: before.tar → after-critical.tar');
    const header = lines.indexOf('| | Before | After | Change |');
    expect(lines[header + 1]).toBe('| --- | ---: | ---: | ---: |');
    const labels = lines.slice(header + 2, header + 10).map(l => l.split(' | ')[0]);
    expect(labels).toEqual([
      '| Image size',
      '| Packages',
      '| Critical vulnerabilities',
      '| High vulnerabilities',
      '| Medium vulnerabilities',
      '| Low vulnerabilities',
      '| Unknown vulnerabilities',
      '| All vulnerabilities',
    ]);
    expect(lines[header + 10]).toBe('');
    const chart = markdown.split('```text\n')[1]?.split('\n```')[0]?.split('\n') ?? [];
    expect(chart).toHaveLength(10);
    // Bars scale to the largest count (4 low findings before = 30 blocks).
    expect(chart[6]).toBe(`Low       before ${'█'.repeat(30)} 4`);
    expect(chart[7]).toBe(`          after  ${'█'.repeat(8)} 1`);
    expect(chart[9]).toBe('          after  0');
  });

  it('writes the same Markdown to --output', () => {
    const out = join(scratch(), 'report.md');
    const printed = diff(fixture('before'), fixture('after-critical')).markdown;
    const { code, markdown } = diff(fixture('before'), fixture('after-critical'), '--output', out);
    expect(code).toBe(1);
    expect(markdown).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(printed);
  });

  it('keeps scan text inside its table cell', () => {
    const after = edited('after-critical', r => {
      const critical = r.Results[0]?.Vulnerabilities?.find(v => v.Severity === 'CRITICAL');
      if (!critical) throw new Error('the fixture has no critical finding');
      critical.PkgName = 'evil|<img src=x>\n## hi';
    });
    const { markdown } = diff(fixture('before'), after);
    const line = markdown.split('\n').find(l => l.startsWith('| CRITICAL |'));
    expect(line).toBe(
      '| CRITICAL | CVE-2099-0001 | evil\\|&lt;img src=x&gt; ## hi | 3.0.19-1\\~deb12u2 | 3.0.19-1\\~deb12u3 |',
    );
    expect(markdown).not.toContain('<img');
  });

  /** The base system's tools the script uses besides bash and jq. */
  const BASE_TOOLS = ['cat', 'head', 'iconv', 'mktemp', 'rm', 'touch'];

  /** Runs the script with only these tools on the PATH, and `jq` (a script) as the jq if given. */
  function diffWithOnly(tools: string[], jq?: string) {
    const bin = join(scratch(), 'bin');
    mkdirSync(bin);
    for (const tool of tools) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
    if (jq) writeFileSync(join(bin, 'jq'), jq, { mode: 0o755 });
    return spawnSync('/bin/bash', [script, fixture('before'), fixture('after-critical')], {
      encoding: 'utf8',
      env: { PATH: bin },
    });
  }

  it("needs nothing but bash, jq and the base system's tools (no language runtime)", () => {
    const noJq = diffWithOnly(BASE_TOOLS);
    expect(noJq.status).toBe(2);
    expect(noJq.stderr).toContain('jq is needed');
    const run = diffWithOnly([...BASE_TOOLS, 'jq']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(diff(fixture('before'), fixture('after-critical')).markdown);
  });

  it('never passes the gate when jq gives no verdict', () => {
    const run = diffWithOnly(BASE_TOOLS, '#!/bin/sh\nexit 0\n'); // a jq that prints nothing
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no verdict from jq');
  });

  it('refuses input that is not a Trivy report', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'broken.json'), '{not json');
    writeFileSync(join(dir, 'other.json'), '{"hello": 1}');
    expect(diff(join(dir, 'broken.json'), fixture('after-clean'))).toMatchObject({ code: 2, markdown: '' });
    expect(diff(fixture('before'), join(dir, 'other.json')).stderr).toContain('not a Trivy JSON report');
    expect(diff(fixture('before'), join(dir, 'missing.json')).code).toBe(2);
  });
});
