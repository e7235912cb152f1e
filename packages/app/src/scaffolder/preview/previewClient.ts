/**
 * Client for the form's preview: POST /api/scaffolder/golden-path/v1/preview (the scaffolder
 * module's route). The backend renders the golden path for the form's values and runs the policy
 * gate (or reuses its verdict on an identical render); the portal only shows its answer.
 */
import { PREVIEW_PATH, type Preview, type PreviewRefusal, type PreviewRequest } from '@golden-path/common';

type Discovery = { getBaseUrl(pluginId: string): Promise<string> };
type Fetch = { fetch: typeof fetch };

export type PreviewOutcome =
  | { kind: 'preview'; preview: Preview }
  | { kind: 'refused'; issues: PreviewRefusal['issues'] }
  /** 429: the user has as many previews running as the backend allows; ask again after `retryAfterSeconds`. */
  | { kind: 'busy'; message: string; retryAfterSeconds: number };

export async function fetchPreview(
  apis: { discoveryApi: Discovery; fetchApi: Fetch },
  request: PreviewRequest,
  signal?: AbortSignal,
): Promise<PreviewOutcome> {
  const baseUrl = await apis.discoveryApi.getBaseUrl('scaffolder');
  const response = await apis.fetchApi.fetch(`${baseUrl}${PREVIEW_PATH}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
    signal,
  });
  if (response.status === 422) {
    const body = (await response.json()) as Partial<PreviewRefusal>;
    return { kind: 'refused', issues: Array.isArray(body.issues) ? body.issues : [] };
  }
  if (response.status === 429) {
    const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    const retryAfter = Number(response.headers.get('Retry-After'));
    return {
      kind: 'busy',
      message: body?.error?.message ?? 'too many previews running',
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 10,
    };
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new Error(body?.error?.message ?? `the preview answered ${response.status} ${response.statusText}`);
  }
  return { kind: 'preview', preview: parsePreview(await response.json()) };
}

/**
 * `ask` until the answer is not 'busy': while the user has as many previews running as the backend
 * allows (429), wait the Retry-After it gave (telling `onBusy` why) and ask again; a `signal` that
 * aborts stops the waiting.
 */
export async function askUntilFree(
  ask: () => Promise<PreviewOutcome>,
  signal: AbortSignal,
  onBusy: (message: string) => void,
): Promise<Exclude<PreviewOutcome, { kind: 'busy' }>> {
  for (;;) {
    const outcome = await ask();
    if (outcome.kind !== 'busy') return outcome;
    onBusy(outcome.message);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, outcome.retryAfterSeconds * 1000);
      signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
    });
  }
}

/** Refuses an answer that is not the documented shape rather than guessing. */
export function parsePreview(body: unknown): Preview {
  const b = body as Partial<Preview> | null;
  if (
    !b ||
    !b.template ||
    !Array.isArray(b.files) ||
    !b.verdict ||
    typeof b.verdict.passed !== 'boolean' ||
    !Array.isArray(b.verdict.validators) ||
    !Array.isArray(b.verdict.problems)
  ) {
    throw new Error('the preview returned an unexpected answer');
  }
  return b as Preview;
}

/**
 * The form's values as the task gets them. The preview field's own value goes too: a display-only
 * field (type null) is no value to the engine, which drops it.
 */
export function previewValues(formData: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(formData ?? {}).filter(([, v]) => v !== undefined));
}

/** What blocks Create: the gate's failing validators and their problems, one line each (at most `max`). */
export function verdictProblems(preview: Preview, max = 10): string[] {
  const { verdict } = preview;
  if (verdict.passed) return [];
  const lines = [
    ...verdict.validators.filter(v => v.skipped).map(v => `[${v.validator}] did not run: ${v.skipped}`),
    ...verdict.problems
      .filter(p => p.severity === 'error')
      .map(p => `[${p.validator}] ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`),
  ];
  const shown = lines.slice(0, max);
  if (lines.length > max) shown.push(`… and ${lines.length - max} more (see the preview)`);
  return shown.length ? shown : ['the policy gate does not pass'];
}
