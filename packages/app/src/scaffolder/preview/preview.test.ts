import type { Preview } from '@golden-path/common';
import { describe, expect, it, vi } from 'vitest';
import { fileTree } from './fileTree';
import { askUntilFree, fetchPreview, parsePreview, previewValues, verdictProblems } from './previewClient';

const file = (path: string) => ({ path, mode: 0o644, size: 1, text: 'x' });

const preview = (passed: boolean): Preview => ({
  template: { id: 'python-django-service', version: '2.0.0' },
  files: [file('README.md')],
  verdict: {
    passed,
    checkedAt: '2026-11-30T08:00:00.000Z',
    reused: false,
    validators: [
      { validator: 'actionlint', passed, errors: passed ? 0 : 1, warnings: 0, durationMs: 10 },
      {
        validator: 'trivy-config',
        passed: false,
        skipped: 'trivy is not installed',
        errors: 0,
        warnings: 0,
        durationMs: 0,
      },
    ],
    problems: passed
      ? []
      : [
          { validator: 'actionlint', severity: 'error', file: '.github/workflows/ci.yml', line: 12, message: 'bad' },
          { validator: 'actionlint', severity: 'warning', file: 'x', message: 'meh' },
        ],
  },
});

function apis(response: Response) {
  const fetch = vi.fn(async (_url: string, _init?: RequestInit) => response);
  return {
    fetch,
    apis: {
      discoveryApi: { getBaseUrl: async (id: string) => `http://host/api/${id}` },
      fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
    },
  };
}

describe('fetchPreview', () => {
  it("posts the golden path and the values to the scaffolder module's preview route", async () => {
    const { fetch, apis: a } = apis(new Response(JSON.stringify(preview(true))));
    const outcome = await fetchPreview(a, { template: 'python-django-service', values: { name: 'ledger' } });
    expect(outcome).toEqual({ kind: 'preview', preview: preview(true) });
    expect(fetch.mock.calls[0]?.[0]).toBe('http://host/api/scaffolder/golden-path/v1/preview');
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({
      method: 'POST',
      body: JSON.stringify({ template: 'python-django-service', values: { name: 'ledger' } }),
    });
  });

  it('says which fields are not valid yet (422), and fails with the backend’s message otherwise', async () => {
    const refused = apis(
      new Response(JSON.stringify({ issues: [{ field: 'name', message: 'is required' }] }), { status: 422 }),
    );
    expect(await fetchPreview(refused.apis, { template: 't', values: {} })).toEqual({
      kind: 'refused',
      issues: [{ field: 'name', message: 'is required' }],
    });
    const broken = apis(new Response(JSON.stringify({ error: { message: 'validators stopped' } }), { status: 500 }));
    await expect(fetchPreview(broken.apis, { template: 't', values: {} })).rejects.toThrow('validators stopped');
  });

  it('says when the user has too many previews running (429), and when to ask again', async () => {
    const busy = apis(
      new Response(
        JSON.stringify({ error: { name: 'TooManyRequestsError', message: 'you have 2 previews running' } }),
        {
          status: 429,
          headers: { 'Retry-After': '7' },
        },
      ),
    );
    expect(await fetchPreview(busy.apis, { template: 't', values: {} })).toEqual({
      kind: 'busy',
      message: 'you have 2 previews running',
      retryAfterSeconds: 7,
    });
  });

  it('asks again after the Retry-After while the user has too many previews running, until aborted', async () => {
    vi.useFakeTimers();
    try {
      const busy = { kind: 'busy', message: 'you have 2 previews running', retryAfterSeconds: 7 } as const;
      const answers = [busy, busy, { kind: 'preview', preview: preview(true) } as const];
      const ask = vi.fn(async () => answers.shift()!);
      const waits: string[] = [];
      const outcome = askUntilFree(ask, new AbortController().signal, m => waits.push(m));
      await vi.advanceTimersByTimeAsync(6_999);
      expect(ask).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(ask).toHaveBeenCalledTimes(2);
      await vi.advanceTimersByTimeAsync(7_000);
      expect(await outcome).toEqual({ kind: 'preview', preview: preview(true) });
      expect(waits).toEqual([busy.message, busy.message]);

      const gone = new AbortController();
      const stopped = askUntilFree(
        async () => busy,
        gone.signal,
        () => {},
      );
      await vi.advanceTimersByTimeAsync(1);
      gone.abort(new Error('the values changed'));
      await expect(stopped).rejects.toThrow('the values changed');
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses an answer that is not a preview', () => {
    expect(() => parsePreview({ files: [] })).toThrow('unexpected answer');
  });
});

describe('verdictProblems', () => {
  it('is empty for a passing verdict and lists what did not run and each error by file and line otherwise', () => {
    expect(verdictProblems(preview(true))).toEqual([]);
    expect(verdictProblems(preview(false))).toEqual([
      '[trivy-config] did not run: trivy is not installed',
      '[actionlint] .github/workflows/ci.yml:12: bad',
    ]);
    expect(verdictProblems(preview(false), 1)).toEqual([
      '[trivy-config] did not run: trivy is not installed',
      '… and 1 more (see the preview)',
    ]);
  });
});

describe('previewValues and fileTree', () => {
  it('sends the values the form holds', () => {
    expect(previewValues({ name: 'a', skipped: undefined, preview: null })).toEqual({ name: 'a', preview: null });
  });

  it('nests files in sorted folders', () => {
    const root = fileTree(['src/b.ts', 'README.md', 'src/a/x.ts', '.github/ci.yml'].map(file));
    expect(root.files.map(f => f.path)).toEqual(['README.md']);
    expect(root.folders.map(f => f.path)).toEqual(['.github', 'src']);
    const src = root.folders[1]!;
    expect(src.files.map(f => f.path)).toEqual(['src/b.ts']);
    expect(src.folders[0]).toMatchObject({ name: 'a', path: 'src/a', files: [file('src/a/x.ts')] });
  });
});
