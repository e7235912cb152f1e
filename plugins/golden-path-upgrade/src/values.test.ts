import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { GoldenPathEngine, MANIFEST_PATH, ValuesError } from '@golden-path/engine';
import { upgrade } from './upgrade.js';
import {
  createRepository,
  currentAndNext,
  git,
  ownersCommit,
  releaseCopy,
  replaceIn,
  repositoryState,
  TEMPLATES,
} from './testing/repos.js';

const work = mkdtempSync(join(tmpdir(), 'golden-path-values-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:pager';
/** The release made here: the next minor after today's version. */
const { next: NEXT } = currentAndNext();

/** Edits a part's declared `requires.values` (however the list is written). */
function requiredValues(file: string, edit: (values: string[]) => string[]) {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const values = (doc.getIn(['requires', 'values']) as { toJSON(): string[] }).toJSON();
  doc.setIn(['requires', 'values'], edit(values));
  writeFileSync(file, doc.toString({ flowCollectionPadding: false, lineWidth: 0 }));
}

/**
 * The next release renames alarmEmail to alertEmail and moves infra/README.md to infra/OVERVIEW.md (both with
 * a migration), drops alarmSnsTopicArn and adds a required costCenter.
 */
function release(dir: string) {
  const ecs = join(dir, '..', 'parts', 'ecs-fargate');
  for (const file of [join(ecs, 'skeleton', 'environment', 'main.tf.ejs'), join(ecs, 'skeleton', 'README.md.ejs')]) {
    replaceIn(file, 'values.alarmEmail', 'values.alertEmail');
  }
  // The shared form step that holds these fields (templates/parameters), and the parts' contracts
  // that name them: alarmEmail is read as alertEmail, alarmSnsTopicArn no longer.
  const aws = join(dir, '..', 'parameters', 'aws.yaml');
  replaceIn(aws, 'loadBalancerScheme, alarmEmail]', 'loadBalancerScheme, alertEmail, costCenter]');
  replaceIn(
    aws,
    '  alarmEmail:\n',
    "  costCenter:\n    title: Cost centre\n    type: string\n    description: Where the service's costs are booked.\n    pattern: '^cc-[0-9]{4}$'\n  alertEmail:\n",
  );
  replaceIn(aws, /\n {2}alarmSnsTopicArn:\n(?: {4}.*\n)+/, '\n');
  requiredValues(join(ecs, 'part.yaml'), values =>
    values.flatMap(v => (v === 'alarmEmail' ? ['alertEmail'] : v === 'alarmSnsTopicArn' ? [] : [v])),
  );
  requiredValues(join(dir, '..', 'parts', 'catalog', 'part.yaml'), values =>
    values.filter(v => v !== 'alarmSnsTopicArn'),
  );
  renameSync(join(ecs, 'skeleton', 'README.md.ejs'), join(ecs, 'skeleton', 'OVERVIEW.md.ejs'));
  replaceIn(join(ecs, 'part.yaml'), 'environments.yaml, README.md', 'environments.yaml, OVERVIEW.md');
  mkdirSync(join(dir, 'migrations'), { recursive: true });
  writeFileSync(
    join(dir, 'migrations', `${NEXT}.yaml`),
    'values:\n  rename: { alarmEmail: alertEmail }\nfiles:\n  move: { infra/README.md: infra/OVERVIEW.md }\n',
  );
}

describe('values and files across versions (migration, new required field, removed field)', () => {
  let repo: string;
  let engine: GoldenPathEngine;
  const show = (path: string) => git(repo, 'show', `golden-path/upgrade-${NEXT}:${path}`);

  beforeAll(() => {
    const current = new GoldenPathEngine({ templatesRoot: TEMPLATES });
    const example = parse(
      readFileSync(join(TEMPLATES, 'python-django-service', 'examples', 'payments-api.yaml'), 'utf8'),
    );
    repo = createRepository(
      current,
      'python-django-service',
      { ...example, alarmSnsTopicArn: TOPIC },
      join(work, 'svc'),
    );
    ownersCommit(repo, { 'infra/README.md': old => `Team notes: deploys on Tuesdays.\n\n${old}` });
    engine = new GoldenPathEngine({ templatesRoot: releaseCopy(join(work, 'templates'), NEXT, release) });
  });

  it('refuses without the new required field, naming it, and writes nothing', async () => {
    const before = repositoryState(repo);
    const error = await upgrade({ engine, dir: repo }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValuesError);
    expect((error as ValuesError).issues.map(i => i.field)).toEqual(['costCenter']);
    expect(repositoryState(repo)).toBe(before);
  });

  it('carries the values: renamed by the migration, the removed one dropped and reported, the new one added', async () => {
    const result = await upgrade({ engine, dir: repo, values: { costCenter: 'cc-1234' } });
    expect(result.values).toEqual({
      added: { costCenter: 'cc-1234' },
      dropped: { alarmSnsTopicArn: TOPIC },
      renamed: { alarmEmail: 'alertEmail' },
      changed: {},
    });
    const manifest = parse(show(MANIFEST_PATH));
    expect(manifest.values).toMatchObject({
      alertEmail: 'payments-oncall@acme-fintech.example',
      costCenter: 'cc-1234',
    });
    expect(manifest.values).not.toHaveProperty('alarmEmail');
    expect(manifest.values).not.toHaveProperty('alarmSnsTopicArn');
    expect(show('infra/environment/main.tf')).toContain('alarm_email = "payments-oncall@acme-fintech.example"');
  });

  it("moves a file with the owners' edits to its new path", () => {
    expect(show('infra/OVERVIEW.md')).toMatch(/^Team notes: deploys on Tuesdays\.\n/);
    expect(git(repo, 'ls-tree', '--name-only', `golden-path/upgrade-${NEXT}`, 'infra/')).not.toContain(
      'infra/README.md',
    );
  });
});
