import type { Preview, PreviewFile } from '@golden-path/common';
import type { RenderPlan } from '@golden-path/engine';
import type { PlanVerdict } from '../check/planVerdict.js';

/** A file's text is sent up to this size; a larger one is listed with its size only. */
export const MAX_TEXT_BYTES = 256 * 1024;

/** Text the viewer can show: valid UTF-8 without NUL. */
function textOf(content: Buffer): string | undefined {
  if (content.length > MAX_TEXT_BYTES || content.includes(0)) return undefined;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(content);
  return text.includes('\uFFFD') ? undefined : text;
}

/** The preview's answer: every file of the plan (text where it is text) and the verdict per validator. */
export function previewAnswer(plan: RenderPlan, verdict: PlanVerdict): Preview {
  const files: PreviewFile[] = plan.files
    .map(f => ({ path: f.path, mode: f.mode, size: f.size, text: textOf(f.content) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const { report } = verdict.result;
  return {
    template: plan.template,
    files,
    verdict: {
      passed: report.ok,
      checkedAt: new Date(verdict.checkedAt).toISOString(),
      reused: verdict.reused,
      validators: report.results.map(r => {
        const errors = r.findings.filter(f => f.severity === 'error').length;
        return {
          validator: r.validator,
          passed: !r.skipped && errors === 0,
          ...(r.skipped ? { skipped: r.skipped } : {}),
          errors,
          warnings: r.findings.length - errors,
          durationMs: r.durationMs,
        };
      }),
      problems: report.results.flatMap(r =>
        r.findings.map(f => ({
          validator: r.validator,
          severity: f.severity,
          file: f.file,
          ...(f.line ? { line: f.line } : {}),
          message: f.message,
        })),
      ),
    },
  };
}
