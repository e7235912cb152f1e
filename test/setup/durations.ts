// Writes durations.json (the seconds each test file took, longest first; files under 5 s left out)
// from a run's JSON report: `node test/setup/durations.ts [test-results/vitest.json]`.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

interface Report {
  testResults: { name: string; startTime: number; endTime: number }[];
}
const report = JSON.parse(readFileSync(process.argv[2] ?? 'test-results/vitest.json', 'utf8')) as Report;
const seconds = report.testResults
  .map(f => [relative(process.cwd(), f.name), Math.round((f.endTime - f.startTime) / 1000)] as const)
  .filter(([, s]) => s >= 5)
  .sort((a, b) => b[1] - a[1]);
writeFileSync(
  new URL('./durations.json', import.meta.url),
  `${JSON.stringify(Object.fromEntries(seconds), null, 2)}\n`,
);
