import { execFileSync } from 'node:child_process';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { gha, hcl, hclList, hclMap, json, md, py, sh, toml, yaml } from './escape.js';
import { HOSTILE_VALUES } from './testing/hostile.js';

const PYTHON = '/usr/bin/python3';

/** Evaluates the only expressions esc.gha emits, `${{ '<literal>' }}`, as GitHub Actions would. */
function evaluateGha(text: string): string {
  const literals: string[] = [];
  const rest = text.replace(/\$\{\{ '((?:[^']|'')*)' \}\}/g, (_, lit: string) => {
    literals.push(lit.replace(/''/g, "'"));
    return `\u0001${literals.length - 1}\u0002`;
  });
  if (rest.includes('${{')) throw new Error(`an expression survived: ${text}`);
  return rest.replace(/\u0001(\d+)\u0002/g, (_, i: string) => literals[Number(i)]!);
}

describe.each(HOSTILE_VALUES.map(v => [JSON.stringify(v).slice(0, 40), v]))('escapers with %s', (_label, value) => {
  it('yaml parses back to the value', () => {
    expect(parseYaml(`key: ${yaml(value)}\nnext: 1\n`)).toEqual({ key: value, next: 1 });
  });

  it('json parses back to the value', () => {
    expect(JSON.parse(`{"key": ${json(value)}}`)).toEqual({ key: value });
  });

  it('hcl parses back to the value (HCL JSON keeps $${ and %%{ as the literal escapes)', async () => {
    const out = (await parseHcl('x.tf', `locals {\n  key = ${hcl(value)}\n}\n`)) as { locals: { key: string }[] };
    const literal = out.locals[0]!.key.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
    expect(literal).toBe(value);
  });

  it('hclMap parses back to a map holding the value, under a plain and a hostile key', async () => {
    const text = `locals {\n  key = ${hclMap({ PLAIN: value, [`k ${value}`]: 'x' })}\n}\n`;
    const out = (await parseHcl('x.tf', text)) as { locals: { key: Record<string, string> }[] };
    const unescape = (s: string) => s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
    const map = Object.fromEntries(Object.entries(out.locals[0]!.key).map(([k, v]) => [unescape(k), unescape(v)]));
    expect(map).toEqual({ PLAIN: value, [`k ${value}`]: 'x' });
  });

  it('hclList parses back to a list holding the value', async () => {
    const out = (await parseHcl('x.tf', `locals {\n  key = ${hclList(['10.0.0.0/8', value])}\n}\n`)) as {
      locals: { key: string[] }[];
    };
    const unescape = (s: string) => s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
    expect(out.locals[0]!.key.map(unescape)).toEqual(['10.0.0.0/8', value]);
    expect(() => hclList('10.0.0.0/8')).toThrow(/expected an array/);
  });

  it('toml and python literals read back to the value', () => {
    const program = `import sys, json, tomllib\nt = tomllib.loads(sys.stdin.read())\nsys.stdout.write(json.dumps([t["key"], ${py(value)}]))`;
    const out = execFileSync(PYTHON, ['-c', program], { input: `key = ${toml(value)}\n` }).toString();
    expect(JSON.parse(out)).toEqual([value, value]);
  });

  it('sh is one word that the shell passes through unchanged', () => {
    if (value.includes('\u0000')) {
      expect(() => sh(value)).toThrow(/NUL/);
      return;
    }
    const out = execFileSync('bash', ['-c', `printf '%s' ${sh(value)} | od -An -tx1`]).toString();
    const expected = execFileSync('od', ['-An', '-tx1'], { input: Buffer.from(value, 'utf8') }).toString();
    expect(out.replace(/\s+/g, '')).toBe(expected.replace(/\s+/g, ''));
  });

  it('gha is YAML whose expressions evaluate to the value and nothing else', () => {
    const parsed = parseYaml(`env:\n  V: ${gha(value)}\n`) as { env: { V: string } };
    expect(evaluateGha(parsed.env.V)).toBe(value);
  });

  it('md is one line with no raw markup', () => {
    const out = md(value);
    expect(out).not.toMatch(/[\r\n<>]/);
    expect(out).not.toMatch(/(^|[^\\])[`*_[\]#|]/);
  });
});

describe('escapers refuse what cannot be represented', () => {
  it('refuses unpaired surrogates and non-strings', () => {
    expect(() => yaml('a\ud800b')).toThrow(/surrogate/);
    expect(() => hcl({})).toThrow(/expected a string/);
    expect(yaml(42)).toBe('"42"');
  });
});

describe('esc.hclMap', () => {
  it('writes a one-line HCL object whose values are hcl strings', () => {
    expect(hclMap({})).toBe('{}');
    expect(hclMap({ A_B: 'x', 'not ident': '${evil}' })).toBe('{ A_B = "x", "not ident" = "$${evil}" }');
    expect(() => hclMap(['a'])).toThrow(/expected a map of strings, got an array/);
    expect(() => hclMap({ A: { nested: 1 } })).toThrow(TypeError);
  });
});
