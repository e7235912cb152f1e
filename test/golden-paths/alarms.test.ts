/**
 * Every golden path's alarms (python-django-service 2.0.0, issue 11 item 11): one runbook per
 * alarm, linked from the alarm and listed in the runbooks' index; alarms for security events (a
 * spike in WAF blocks, in 4xx answers); and the alarm topic's key usable by CloudWatch only for
 * this account's alarms. Read from each example's render, as Terraform will read it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { GoldenPathEngine } from '@golden-path/engine';
import { readValuesFile } from '../../packages/cli/dist/main.js';

const REPO = join(import.meta.dirname, '..', '..');
const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });

interface Metric {
  namespace: string;
  metric_name: string;
}
interface Alarm {
  alarm_name: string;
  alarm_description: string;
  metric_name?: string;
  metric_query?: { metric?: Metric[] }[];
}
interface Statement {
  sid: string;
  condition?: { test: string; variable: string; values: string[] }[];
}

const cases = engine.ids().flatMap(id => {
  const gp = engine.load(id);
  return readdirSync(gp.examplesDir)
    .filter(f => f.endsWith('.yaml'))
    .slice(0, 1)
    .map(file => ({ id, gp, file }));
});

describe.each(cases)('$id ($file)', ({ gp, file }) => {
  const plan = engine.plan(engine.prepare(gp, readValuesFile(join(gp.examplesDir, file))));
  const text = (path: string) => {
    const f = plan.files.find(p => p.path === path);
    if (!f) throw new Error(`${path} is not rendered`);
    return f.content.toString('utf8');
  };
  const hcl = async (path: string) => (await parse(path, text(path))) as Record<string, Record<string, unknown>>;
  const alarms = async () =>
    Object.values((await hcl('infra/modules/service/alarms.tf')).resource!.aws_cloudwatch_metric_alarm as object).map(
      a => (a as Alarm[])[0]!,
    );
  const runbookOf = (alarm: Alarm) => /^\$\{var\.name\}-(.+)$/.exec(alarm.alarm_name)?.[1];

  it('has one runbook per alarm, linked from its description and listed in the index, and none without an alarm', async () => {
    const names = (await alarms()).map(a => {
      const runbook = runbookOf(a);
      expect(runbook, a.alarm_name).toBeDefined();
      expect(a.alarm_description).toContain(`\${var.runbook_base_url}/${runbook}/`);
      text(`docs/runbooks/${runbook}.md`);
      return runbook!;
    });
    const index = text('docs/runbooks/README.md');
    for (const runbook of names) expect(index).toContain(`](${runbook}.md)`);
    const runbooks = plan.files
      .map(f => /^docs\/runbooks\/(.+)\.md$/.exec(f.path)?.[1])
      .filter((r): r is string => r !== undefined && r !== 'README');
    expect(runbooks.sort()).toEqual([...names].sort());
  });

  it('alarms on security events: a spike in WAF blocks and in 4xx answers', async () => {
    const byRunbook = new Map((await alarms()).map(a => [runbookOf(a), a]));
    const metrics = (a: Alarm | undefined) =>
      (a?.metric_query ?? []).flatMap(q => q.metric ?? []).map(m => m.metric_name);
    expect(metrics(byRunbook.get('waf-blocked-requests-spike'))).toEqual(
      expect.arrayContaining(['BlockedRequests', 'AllowedRequests']),
    );
    expect(metrics(byRunbook.get('high-4xx-rate'))).toEqual(
      expect.arrayContaining(['HTTPCode_Target_4XX_Count', 'HTTPCode_ELB_4XX_Count', 'RequestCount']),
    );
  });

  it("lets CloudWatch use the alarm topic's key only for this account's alarms (aws:SourceAccount)", async () => {
    const kms = (await hcl('infra/modules/service/kms.tf')).data!.aws_iam_policy_document as Record<
      string,
      { statement: Statement[] }[]
    >;
    const statement = kms.kms![0]!.statement.find(s => s.sid === 'CloudWatchAlarmsToEncryptedTopic');
    expect(statement?.condition).toContainEqual({
      test: 'StringEquals',
      variable: 'aws:SourceAccount',
      values: ['${local.account_id}'],
    });
  });
});
