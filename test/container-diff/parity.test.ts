// Parity of container-diff.sh (bash + jq) with container-diff.py, the script it replaces: both run
// on every case (the Trivy fixtures, hostile file names and lists, broken input, generated reports)
// and must leave the same exit code, Markdown, messages and files. RECORD=1 writes what the Python
// script did to fixtures/recorded.json, which recorded.test.ts holds the bash script to once the Python is gone.
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASH, comparable, type Content, type DiffCase, FIXTURES, type Outcome, runCase } from './cases.ts';

const PYTHON = ['/usr/bin/python3', BASH[1]!.replace(/\.sh$/, '.py')];
const ENV = { LC_ALL: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1' };
const FIXTURE_NAMES = ['before', 'after-critical', 'after-fixable-high', 'after-clean', 'after-no-packages'];

type Report = Record<string, unknown> & { Metadata?: Record<string, unknown>; Results?: Record<string, unknown>[] };
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Report;
const json = (value: unknown) => JSON.stringify(value);
const md5 = (path: string) => `${'0'.repeat(32)}  ${path}`;
const f = (name: string): Content => ({ fixture: name });

/** Cases written by hand: every fixture pair, the existing tests' edits, hostile names, broken input. */
function handCases(): DiffCase[] {
  const cases: DiffCase[] = [];
  for (const before of FIXTURE_NAMES)
    for (const after of FIXTURE_NAMES)
      cases.push({
        name: `${before} vs ${after}`,
        files: { 'b.json': f(before), 'a.json': f(after) },
        args: ['b.json', 'a.json'],
      });

  const osOnly = fixture('before');
  osOnly.Results = osOnly.Results!.filter(r => r.Class === 'os-pkgs');
  const sized = (name: string, size: unknown) => {
    const report = fixture(name);
    report.Metadata = { ...report.Metadata, Size: size };
    return json(report);
  };
  const none = fixture('after-no-packages');
  none.Metadata = { ...none.Metadata, OS: { Family: 'none' } };
  const evil = fixture('after-critical');
  const critical = (evil.Results![0]!.Vulnerabilities as Record<string, unknown>[]).find(
    v => v.Severity === 'CRITICAL',
  )!;
  critical.PkgName = 'evil|<img src=x>\n## hi';
  critical.VulnerabilityID = '`code` *bold* _it_ ~s~ [l](x) \\ \u3000\u0085 é😀';
  const dpkg = {
    'dpkg/status.d/libssl3.md5sums': `${md5('usr/lib/x86_64-linux-gnu/libssl.so.3')}\n`,
    'dpkg/info/openssl:amd64.list': '/.\n/usr\n/usr/bin\n/usr/bin/openssl\n/usr/lib/ssl/openssl.cnf\n',
  };
  const many = fixture('after-critical');
  many.Results![0]!.Vulnerabilities = Array.from({ length: 60 }, (_, i) => ({
    VulnerabilityID: `CVE-2099-${String(1000 - i).padStart(4, '0')}`,
    PkgName: 'libssl3',
    InstalledVersion: '1',
    Severity: i % 2 ? 'CRITICAL' : 'high',
    FixedVersion: i % 3 ? '2' : '',
    Status: i % 5 ? 'affected' : 'fixed',
  }));
  const sbom = (components?: unknown[]) =>
    json({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      'ünïcode "q"': 'é😀\u007f\u0001/',
      ...(components ? { components } : {}),
    });
  const hostileNames = {
    'dpkg/info/a b "q" \'s\' $(touch pwned).list': '/usr/bin/openssl\n',
    'dpkg/info/new\nline.md5sums': `${md5('usr/lib/x86_64-linux-gnu/libssl.so.3')}\r\n`,
    'dpkg/info/-dash:amd64.list': '/etc/x y\n',
    'dpkg/info/.list': '/usr/bin/openssl\n',
    'dpkg/info/..list': '/usr/bin/openssl\n',
    'dpkg/info/libssl3.conffiles': '/usr/lib/x86_64-linux-gnu/libssl.so.3\n',
    'dpkg/status.d/zlib1g.md5sums': `${md5('usr/lib/x86_64-linux-gnu/libz.so.1')}`,
    'dpkg/status.d/libssl3.md5sums': `${md5(' ./usr/lib/x86_64-linux-gnu/libssl.so.3 \u3000')}\r`,
  };
  cases.push(
    {
      name: 'explicit sizes',
      files: { 'b.json': f('before'), 'a.json': f('after-clean') },
      args: ['b.json', 'a.json', '--before-size', '851443712', '--after-size', '99614720'],
    },
    {
      name: 'sizes written as = and abbreviated',
      files: { 'b.json': f('before'), 'a.json': f('after-clean') },
      args: ['--before-s=1_024', 'b.json', '--after=007', 'a.json'],
    },
    {
      name: 'Metadata.Size',
      files: { 'b.json': sized('before', 2048), 'a.json': sized('after-clean', 3072) },
      args: ['b.json', 'a.json'],
    },
    {
      name: 'Metadata.Size large',
      files: { 'b.json': sized('before', 9007199254740991), 'a.json': sized('after-clean', 3) },
      args: ['b.json', 'a.json'],
    },
    {
      name: 'Metadata.Size negative and zero',
      files: { 'b.json': sized('before', -2049), 'a.json': sized('after-clean', 0) },
      args: ['b.json', 'a.json'],
    },
    {
      name: 'Metadata.Size zero before',
      files: { 'b.json': sized('before', 0), 'a.json': sized('after-clean', 1536) },
      args: ['b.json', 'a.json'],
    },
    { name: 'OS family none', files: { 'b.json': f('before'), 'a.json': json(none) }, args: ['b.json', 'a.json'] },
    { name: 'hostile cell text', files: { 'b.json': f('before'), 'a.json': json(evil) }, args: ['b.json', 'a.json'] },
    {
      name: 'more than 50 failures',
      files: { 'b.json': f('before'), 'a.json': json(many) },
      args: ['b.json', 'a.json'],
    },
    {
      name: 'files kept',
      files: {
        'b.json': json(osOnly),
        'a.json': f('after-no-packages'),
        ...dpkg,
        'after-files.txt': './\n./usr/\n./usr/lib/x86_64-linux-gnu/\n./usr/lib/x86_64-linux-gnu/libssl.so.3\n',
      },
      args: ['b.json', 'a.json', '--package-files', 'dpkg', '--after-files', 'after-files.txt'],
    },
    {
      name: 'files gone',
      files: {
        'b.json': json(osOnly),
        'a.json': f('after-no-packages'),
        ...dpkg,
        'after-files.txt': './usr/\n./usr/bin/\n./app/manage.py\n',
      },
      args: ['b.json', 'a.json', '--package-files', 'dpkg', '--after-files', 'after-files.txt'],
    },
    {
      name: 'hostile package file names and lines',
      files: {
        'b.json': f('before'),
        'a.json': f('after-no-packages'),
        ...hostileNames,
        'after-files.txt': ' ./usr/bin/openssl \r\n/etc/x y\r./usr/lib/x86_64-linux-gnu/libssl.so.3\u3000\n\n',
      },
      args: ['b.json', 'a.json', '--package-files', 'dpkg', '--after-files', 'after-files.txt'],
    },
    {
      name: 'no package folder',
      files: { 'b.json': f('before'), 'a.json': f('after-no-packages'), 'after-files.txt': 'usr/bin/openssl' },
      args: ['b.json', 'a.json', '--package-files', 'missing', '--after-files', 'after-files.txt'],
    },
    {
      name: 'sbom completed',
      files: {
        'b.json': f('before'),
        'a.json': f('after-no-packages'),
        'dpkg/status.d/openssl.md5sums': `${md5('usr/bin/openssl')}\n`,
        'after-files.txt': 'usr/lib/x86_64-linux-gnu/libssl.so.3\n',
        'sbom.cdx.json': sbom([]),
      },
      args: [
        'b.json',
        'a.json',
        '--package-files',
        'dpkg',
        '--after-files',
        'after-files.txt',
        '--sbom',
        'sbom.cdx.json',
      ],
    },
    {
      name: 'sbom without components, one present',
      files: {
        'b.json': f('before'),
        'a.json': f('after-no-packages'),
        'sbom.cdx.json': json({ bomFormat: 'CycloneDX', specVersion: '1.6' }),
      },
      args: ['b.json', 'a.json', '--sbom', 'sbom.cdx.json'],
    },
    {
      name: 'sbom with a present purl',
      files: {
        'b.json': f('before'),
        'a.json': f('after-no-packages'),
        'sbom.cdx.json': sbom([
          { purl: 'pkg:deb/debian/libssl3@3.0.19-1~deb12u2?arch=amd64&distro=debian-12.11', name: 'libssl3' },
          'x',
          { purl: null },
        ]),
      },
      args: ['b.json', 'a.json', '--sbom', 'sbom.cdx.json'],
    },
    {
      name: 'sbom of an image that kept its database',
      files: {
        'b.json': f('before'),
        'a.json': f('after-clean'),
        'sbom.cdx.json': '{"bomFormat":"CycloneDX","components":[],"n":[1,-2,0]}',
      },
      args: ['b.json', 'a.json', '--sbom', 'sbom.cdx.json'],
    },
    {
      name: 'sbom not CycloneDX',
      files: { 'b.json': f('before'), 'a.json': f('after-clean'), 'sbom.cdx.json': '{"bomFormat":"SPDX"}' },
      args: ['b.json', 'a.json', '--sbom', 'sbom.cdx.json'],
    },
    {
      name: 'sbom broken',
      files: { 'b.json': f('before'), 'a.json': f('after-clean'), 'sbom.cdx.json': '{"bomFormat":' },
      args: ['b.json', 'a.json', '--sbom', 'sbom.cdx.json'],
    },
    {
      name: 'sbom missing',
      files: { 'b.json': f('before'), 'a.json': f('after-clean') },
      args: ['b.json', 'a.json', '--sbom', 'none.json'],
    },
    {
      name: 'output to a hostile path',
      files: { 'b.json': f('before'), 'a.json': f('after-critical'), 'out dir/.keep': '' },
      args: ['b.json', 'a.json', '--output', 'out dir/re\'port "1" $(x).md'],
    },
    {
      name: 'hostile input paths after --',
      files: { '-b $x.json': f('before'), 'a\n"b".json': f('after-clean') },
      args: ['--', '-b $x.json', 'a\n"b".json'],
    },
    { name: 'not JSON', files: { 'b.json': '{not json', 'a.json': f('after-clean') }, args: ['b.json', 'a.json'] },
    {
      name: 'not a Trivy report',
      files: { 'b.json': '{"hello": 1}', 'a.json': f('after-clean') },
      args: ['b.json', 'a.json'],
    },
    { name: 'a list, not a report', files: { 'b.json': f('before'), 'a.json': '[1]' }, args: ['b.json', 'a.json'] },
    { name: 'missing file', files: { 'b.json': f('before') }, args: ['b.json', 'missing.json'] },
    { name: 'a folder', files: { 'b.json': f('before'), 'dir/x': '' }, args: ['b.json', 'dir'] },
    { name: 'empty file', files: { 'b.json': '', 'a.json': f('after-clean') }, args: ['b.json', 'a.json'] },
    {
      name: 'two values',
      files: { 'b.json': '{"ArtifactName": "x"} {}', 'a.json': f('after-clean') },
      args: ['b.json', 'a.json'],
    },
    {
      name: 'byte order mark',
      files: {
        'b.json': {
          base64: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"ArtifactName":"x"}')]).toString(
            'base64',
          ),
        },
        'a.json': f('after-clean'),
      },
      args: ['b.json', 'a.json'],
    },
    {
      name: 'not UTF-8',
      files: {
        'b.json': { base64: Buffer.from('{"ArtifactName":"\xff"}', 'latin1').toString('base64') },
        'a.json': f('after-clean'),
      },
      args: ['b.json', 'a.json'],
    },
    { name: 'broken before wins over missing after', files: { 'b.json': '{' }, args: ['b.json', 'missing.json'] },
    {
      name: 'after-files missing',
      files: { 'b.json': f('before'), 'a.json': f('after-clean') },
      args: ['b.json', 'a.json', '--after-files', 'nope.txt'],
    },
    { name: 'no arguments', files: {}, args: [] },
    { name: 'one argument', files: {}, args: ['b.json'] },
    { name: 'three arguments', files: {}, args: ['b.json', 'a.json', 'c.json'] },
    { name: 'unknown option', files: {}, args: ['b.json', 'a.json', '--colour'] },
    { name: 'ambiguous option', files: {}, args: ['b.json', 'a.json', '--after', '1'] },
    { name: 'option without value', files: {}, args: ['b.json', 'a.json', '--output'] },
    { name: 'option value like an option', files: {}, args: ['b.json', 'a.json', '--output', '--sbom'] },
    { name: 'negative size', files: {}, args: ['b.json', 'a.json', '--before-size', '-5'] },
    { name: 'size not a number', files: {}, args: ['b.json', 'a.json', '--after-size', '12kb'] },
  );
  return cases;
}

// --- Generated cases: Trivy-shaped reports with hostile text, package lists, file lists, SBOMs ---
const CHARS = [
  ...'abZ09 -./_*`|\\[]<>~&;"\'$()#%:+=?!',
  '\n',
  '\r',
  '\t',
  '\u000b',
  '\u000c',
  '\u001c',
  '\u001f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u3000',
  '\u200b',
  'é',
  'ı',
  'ſ',
  'ß',
  '😀',
  '\u0000',
  '\u007f',
  '…',
  '—',
  '█',
];
const text = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 10 });
const NAMES = ['libssl3', 'openssl', 'zlib1g', 'Django', 'evil pkg', "a'b", 'x\ny', 'libc6'];
const PATHS = [
  'usr/lib/x86_64-linux-gnu/libssl.so.3',
  'usr/bin/openssl',
  'usr/lib/ssl/openssl.cnf',
  'etc/x y',
  'we"ird\'path',
  'é/ü',
  'lib/x86_64-linux-gnu/libc.so.6',
  'a\u3000b',
  '.',
];
const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: text });
const version = fc.oneof(fc.constantFrom('3.0.19-1~deb12u2', '1:1.2.13.dfsg-1', '4.2.1', '2.36-9+deb12u10'), text);
const scalar = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 6, arbitrary: arb }, fc.constant(null), fc.integer({ min: -9, max: 99 }), fc.boolean());
const vulnerability = fc.record(
  {
    VulnerabilityID: scalar(fc.oneof(fc.constantFrom('CVE-2099-0001', 'CVE-2099-0002', 'CVE-2099-0007'), text)),
    PkgName: scalar(name),
    InstalledVersion: scalar(version),
    FixedVersion: scalar(fc.oneof(version, fc.constant(''))),
    Status: fc.constantFrom('fixed', 'affected', 'will_not_fix', 'FIXED'),
    Severity: fc.oneof(
      {
        weight: 5,
        arbitrary: fc.constantFrom(
          'CRITICAL',
          'HIGH',
          'MEDIUM',
          'LOW',
          'UNKNOWN',
          'critical',
          'High',
          'crıtıcal',
          'hıgh',
          'NEGLIGIBLE',
          '',
        ),
      },
      text,
      fc.constant(null),
      fc.integer(),
    ),
  },
  { requiredKeys: [] },
);
const osPackage = fc.record(
  {
    Name: scalar(name),
    Version: scalar(version),
    Release: fc.oneof(text, fc.constant(''), fc.constant('9+deb12u10')),
    Epoch: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant('1'), fc.constant(null)),
    Arch: fc.oneof(fc.constantFrom('amd64', 'all', ''), text),
  },
  { requiredKeys: [] },
);
const result = fc.record(
  {
    Target: text,
    Class: fc.constantFrom('os-pkgs', 'lang-pkgs', 'os-pkgs'),
    Type: fc.oneof(fc.constantFrom('debian', 'python-pkg', 'node-pkg', 'gobinary', ''), fc.constant(null), text),
    Packages: fc.oneof(fc.array(osPackage, { maxLength: 5 }), fc.constant(null)),
    Vulnerabilities: fc.oneof({ weight: 4, arbitrary: fc.array(vulnerability, { maxLength: 7 }) }, fc.constant(null)),
  },
  { requiredKeys: ['Class'] },
);
const size = fc.oneof(
  fc.nat(),
  fc.integer({ min: 0, max: 2 ** 53 }),
  fc.integer({ min: -5000, max: 5000 }),
  fc.constantFrom(0, 1, 3, 1023, 1024, 1048575, 1048576, 1073741823, 1073741824, 999999999999),
  fc.constant(null),
);
const report = fc.record(
  {
    SchemaVersion: fc.constant(2),
    ArtifactName: scalar(text),
    Metadata: fc.record(
      {
        OS: fc.oneof(
          fc.record(
            {
              Family: scalar(fc.constantFrom('debian', 'none', 'alpine', '')),
              Name: scalar(fc.oneof(fc.constantFrom('12.11', '3.20'), text)),
            },
            { requiredKeys: [] },
          ),
          fc.constant(null),
        ),
        Size: size,
      },
      { requiredKeys: [] },
    ),
    Results: fc.oneof({ weight: 5, arbitrary: fc.array(result, { maxLength: 4 }) }, fc.constant(null)),
  },
  { requiredKeys: ['ArtifactName'] },
) as fc.Arbitrary<Report>;
/** The minified image as mint leaves it: the before report less its OS, some findings and packages. */
const minified = (before: Report) =>
  fc
    .record({ keep: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), os: fc.boolean(), name: text })
    .map(({ keep, os, name }) => {
      let i = 0;
      const some = <T>(items: T[] | null | undefined) => (items ?? []).filter(() => keep[i++ % keep.length]);
      return {
        ...before,
        ArtifactName: name,
        Metadata: os ? before.Metadata : { ...before.Metadata, OS: undefined },
        Results: some(before.Results).map(r => ({
          ...r,
          Packages: some(r.Packages as unknown[]),
          Vulnerabilities: some(r.Vulnerabilities as unknown[]),
        })),
      } as Report;
    });
const linePath = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PATHS) }, text);
const listLine = fc
  .tuple(linePath, fc.constantFrom('', './', '/', ' ', './/', '\u3000'), fc.constantFrom('', '/', ' ', '\r'))
  .map(([p, pre, post]) => pre + p + post);
const fileText = fc
  .tuple(fc.array(listLine, { maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
  .map(([lines, eol, last]) => lines.join(eol) + (last && lines.length ? eol : ''));
const dpkgFile = fc.record({
  folder: fc.constantFrom('info', 'status.d'),
  stem: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NAMES) }, text),
  arch: fc.constantFrom('', ':amd64'),
  ext: fc.constantFrom('.list', '.md5sums', '.list', '.md5sums', '.conffiles', ''),
  md5: fc.boolean(),
  content: fileText,
});
const component = fc.record({
  type: fc.constant('library'),
  name: text,
  purl: fc.oneof(text, fc.constant('pkg:deb/debian/libssl3@3.0.19-1~deb12u2?arch=amd64&distro=debian-12.11')),
});
const sizeArg = fc.oneof(
  fc.nat().map(String),
  fc.integer({ min: 0, max: 2 ** 53 }).map(String),
  fc.constantFrom('+12', ' 7 ', '1_000', '007', '0', '-0'),
);

const generatedCase = report.chain(before =>
  fc.record({
    before: fc.constant(before),
    after: fc.oneof(minified(before), report),
    dpkg: fc.option(fc.array(dpkgFile, { maxLength: 8 })),
    afterFiles: fc.option(fileText),
    sbom: fc.option(
      fc.record(
        {
          bomFormat: fc.constant('CycloneDX'),
          specVersion: fc.constant('1.6'),
          serialNumber: text,
          components: fc.array(component, { maxLength: 3 }),
        },
        { requiredKeys: ['bomFormat'] },
      ),
    ),
    beforeSize: fc.option(sizeArg),
    afterSize: fc.option(sizeArg),
    output: fc.boolean(),
  }),
);

function sampleCases(count: number, seed: number): DiffCase[] {
  return fc.sample(generatedCase, { numRuns: count, seed }).map((g, index) => {
    const files: Record<string, Content> = {
      'before.json': JSON.stringify(g.before),
      'after.json': JSON.stringify(g.after),
    };
    const args = ['before.json', 'after.json'];
    if (g.dpkg) {
      files['dpkg/.keep'] = '';
      for (const d of g.dpkg) {
        const fileName = `${d.stem}${d.arch}${d.ext}`;
        if (!fileName || fileName.includes('/') || fileName.includes('\0') || fileName === '.' || fileName === '..')
          continue;
        const content = d.md5
          ? d.content
              .split(/(\r\n|\r|\n)/)
              .map((l, i) => (i % 2 || !l ? l : md5(l)))
              .join('')
          : d.content;
        files[`dpkg/${d.folder}/${fileName}`] = content;
      }
      args.push('--package-files', 'dpkg');
    }
    if (g.afterFiles !== null) {
      files['after files.txt'] = g.afterFiles;
      args.push('--after-files', 'after files.txt');
    }
    if (g.sbom) {
      files['sbom.cdx.json'] = json(g.sbom);
      args.push('--sbom', 'sbom.cdx.json');
    }
    if (g.beforeSize !== null) args.push('--before-size', g.beforeSize);
    if (g.afterSize !== null) args.push(`--after-size=${g.afterSize}`);
    if (g.output) args.push('--output', 'report.md');
    return { name: `generated ${index}`, files, args };
  });
}

export const CASES = [...handCases(), ...sampleCases(Number(process.env.GENERATED ?? 40), 20261130)];

describe('container-diff.sh does what container-diff.py did', () => {
  const recorded: (DiffCase & { expected: Outcome })[] = [];

  it.each(CASES.map(c => [c.name, c] as const))('%s', (_name, diffCase) => {
    const python = runCase(PYTHON, diffCase, ENV);
    expect(python.stderr, 'the case is one the Python script handled').not.toContain('Traceback');
    const bash = runCase(BASH, diffCase, ENV);
    expect(comparable(bash)).toEqual(comparable(python));
    recorded.push({ ...diffCase, expected: comparable(python) });
  });

  it('covers every outcome: gate passed, gate failed, unusable input', () => {
    const codes = (prefix: string) => recorded.filter(c => c.name.startsWith(prefix)).map(c => c.expected.code);
    for (const code of [0, 1])
      expect(codes('generated').filter(c => c === code).length, `exit ${code}`).toBeGreaterThanOrEqual(5);
    expect(codes('').filter(c => c === 2).length).toBeGreaterThanOrEqual(10);
  });

  it('records what the Python script did (RECORD=1)', () => {
    if (process.env.RECORD !== '1') return;
    expect(recorded).toHaveLength(CASES.length);
    const lines = recorded.map(c => JSON.stringify(c)).join(',\n');
    writeFileSync(join(import.meta.dirname, 'fixtures', 'recorded.json'), `[\n${lines}\n]\n`);
  });
});
