import type { Finding, ValidationReport, ValidatorResult } from './types.js';

/** A readable report: one block per validator, its findings as `file:line severity: message`. */
export function formatReport(report: ValidationReport): string {
  const lines: string[] = [];
  for (const result of report.results) {
    lines.push(headline(result));
    for (const finding of result.findings) lines.push(formatFinding(finding));
  }
  const errors = count(report, 'error');
  const warnings = count(report, 'warning');
  const skipped = report.results.filter(r => r.skipped).length;
  const summary = [`${errors} error(s)`, `${warnings} warning(s)`, ...(skipped ? [`${skipped} skipped`] : [])].join(
    ', ',
  );
  lines.push('', `${report.ok ? 'PASSED' : 'FAILED'}: ${report.results.length} validator(s), ${summary}`);
  return lines.join('\n');
}

function headline(result: ValidatorResult): string {
  const errors = result.findings.filter(f => f.severity === 'error').length;
  const warnings = result.findings.length - errors;
  const status =
    result.skipped && result.findings.length === 0 ? 'SKIP' : errors > 0 ? 'FAIL' : result.skipped ? 'SKIP' : 'ok';
  const counts = result.findings.length ? `: ${errors} error(s), ${warnings} warning(s)` : '';
  const skipped = result.skipped ? ` (skipped: ${result.skipped})` : '';
  return `[${status}] ${result.validator} (${result.files} file(s), ${result.durationMs} ms)${counts}${skipped}`;
}

function formatFinding(finding: Finding): string {
  const where = finding.line ? `${finding.file}:${finding.line}` : finding.file;
  const [first, ...rest] = finding.message.split('\n');
  return [`  ${where} ${finding.severity}: ${first}`, ...rest.map(line => `      ${line}`)].join('\n');
}

function count(report: ValidationReport, severity: Finding['severity']): number {
  return report.results.reduce((n, r) => n + r.findings.filter(f => f.severity === severity).length, 0);
}
