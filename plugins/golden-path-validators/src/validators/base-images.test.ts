import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fixture, runOnly, text } from '../testing/fixture.js';
import { approvedImages, daysUntil, supportProblem } from './base-images.js';

const PLATFORM = fileURLToPath(new URL('../../../../templates/platform.yaml', import.meta.url));
const D = (c: string) => `sha256:${c.repeat(64)}`;

// A platform.yaml's approvedImages as the engine passes it (groups per runtime).
const approved = {
  python: {
    build: { image: 'debian', tag: '13-slim', digest: D('b'), supportEnds: '2028-08-09' },
    runtime: { image: 'gcr.io/distroless/python3-debian13', tag: 'nonroot', digest: D('c'), supportEnds: '2027-09-30' },
  },
};

const dockerfile = (runtime = `gcr.io/distroless/python3-debian13:nonroot@${D('c')}`) => text`
  FROM debian:13-slim@${D('b')} AS build
  RUN python3 -m venv /venv
  FROM build AS test
  FROM ${runtime}
  COPY --from=build /venv /venv
  USER 65532:65532
`;

async function check(today: string, content = dockerfile(), images: unknown = approved) {
  const dir = await fixture({ Dockerfile: content });
  return runOnly(dir, 'base-images', { baseImages: { approved: images, today } });
}

describe('base-images validator', () => {
  it('passes approved, supported bases (stages and scratch are not images)', async () => {
    const { report, result } = await check('2026-11-30');
    expect(report.ok).toBe(true);
    expect(result?.findings).toEqual([]);
  });

  it('warns within 90 days of a support end, and the gate still passes', async () => {
    const { report, result, messages } = await check('2027-07-02');
    expect(report.ok).toBe(true);
    expect(result?.findings.map(f => f.severity)).toEqual(['warning']);
    expect(messages).toEqual([
      'Dockerfile:4 gcr.io/distroless/python3-debian13:nonroot (platform.yaml approvedImages.python.runtime) loses support on 2027-09-30, in 90 day(s): plan the move to a maintained base',
    ]);
    expect((await check('2027-07-01')).result?.findings).toEqual([]); // 91 days ahead
  });

  it('fails on a base past its support end date', async () => {
    const { report, result } = await check('2027-10-01');
    expect(report.ok).toBe(false);
    expect(result?.findings).toMatchObject([
      { line: 4, severity: 'error', message: expect.stringContaining('lost support on 2027-09-30') },
    ]);
    expect((await check('2027-09-30')).report.ok).toBe(true); // the last supported day
  });

  it("fails on 1.0.0's runtime: distroless python3-debian12, no longer approved and past its end", async () => {
    const old = `gcr.io/distroless/python3-debian12:nonroot@sha256:17b27c84c985a53d0cd2adef4f196ca327fa9b6755369be605cf45533b4e700b`;
    const { report, messages } = await check('2026-11-30', dockerfile(old));
    expect(report.ok).toBe(false);
    expect(messages).toEqual([
      `Dockerfile:4 FROM ${old}: not an approved image (platform.yaml approvedImages, as image:tag@digest)`,
    ]);
    // Still listed, with the date distroless stopped building it (2026-05-11): past it.
    const listed = {
      python: {
        ...approved.python,
        old: {
          image: 'gcr.io/distroless/python3-debian12',
          tag: 'nonroot',
          digest: old.split('@')[1],
          supportEnds: '2026-05-11',
        },
      },
    };
    expect((await check('2026-11-30', dockerfile(old), listed)).messages).toEqual([
      'Dockerfile:4 gcr.io/distroless/python3-debian12:nonroot (platform.yaml approvedImages.python.old) lost support on 2026-05-11: it gets no security rebuilds; move to a maintained base',
    ]);
  });

  it('refuses a digest or tag other than the approved one', async () => {
    const other = `gcr.io/distroless/python3-debian13:nonroot@${D('d')}`;
    expect((await check('2026-11-30', dockerfile(other))).report.ok).toBe(false);
    const latest = `gcr.io/distroless/python3-debian13:latest@${D('c')}`;
    expect((await check('2026-11-30', dockerfile(latest))).report.ok).toBe(false);
  });

  it('names what is wrong in platform.yaml itself', async () => {
    const broken = {
      python: {
        runtime: { image: 'x', tag: 'y', digest: D('c') },
        build: { ...approved.python.build, supportEnds: 'soon' },
      },
    };
    expect(approvedImages(broken).problems).toEqual([
      'platform.yaml approvedImages.python.runtime lacks supportEnds',
      'platform.yaml approvedImages.python.build.supportEnds must be a date (YYYY-MM-DD)',
    ]);
    expect((await check('2026-11-30', dockerfile(), broken)).report.ok).toBe(false);
    expect(approvedImages(undefined).problems).toEqual(['platform.yaml has no approvedImages mapping']);
  });

  it("checks a compose file's service images the same way", async () => {
    const images = {
      ...approved,
      shared: { postgresLocal: { image: 'postgres', tag: '16-alpine', digest: D('e'), supportEnds: '2028-11-09' } },
    };
    const compose = (image: string) => text`
      services:
        db:
          image: ${image}
        app:
          build: .
          image: payments-api:local
    `;
    const ok = await fixture({ 'docker-compose.yml': compose(`postgres:16-alpine@${D('e')}`) });
    expect(
      (await runOnly(ok, 'base-images', { baseImages: { approved: images, today: '2026-11-30' } })).report.ok,
    ).toBe(true);
    const past = await runOnly(ok, 'base-images', { baseImages: { approved: images, today: '2028-11-10' } });
    expect(past.messages).toEqual([
      expect.stringMatching(/^docker-compose\.yml:3 postgres:16-alpine .* lost support on 2028-11-09/),
    ]);
    const other = await fixture({ 'docker-compose.yml': compose('postgres:16') });
    expect(
      (await runOnly(other, 'base-images', { baseImages: { approved: images, today: '2026-11-30' } })).messages,
    ).toEqual([
      'docker-compose.yml:3 services.db.image postgres:16: not an approved image (platform.yaml approvedImages, as image:tag@digest)',
    ]);
  });

  it('does not run unless the platform images are given', async () => {
    const dir = await fixture({ Dockerfile: dockerfile() });
    expect((await runOnly(dir, 'base-images')).result).toBeUndefined();
  });

  it("accepts the platform's own approvedImages: every one has a digest and a support end date", () => {
    const platform = parse(readFileSync(PLATFORM, 'utf8')) as { approvedImages: unknown };
    const { images, problems } = approvedImages(platform.approvedImages);
    expect(problems).toEqual([]);
    expect(images.map(i => i.name)).toEqual(expect.arrayContaining(['python.build', 'python.runtime']));
    // The runtime moved off distroless Debian 12 (no rebuilds after 2026-05-11) to a supported base.
    const runtime = images.find(i => i.name === 'python.runtime')!;
    expect(runtime.image).toBe('gcr.io/distroless/python3-debian13');
    expect(supportProblem(runtime, '2026-05-11')).toBeUndefined();
  });

  it('counts whole UTC days', () => {
    expect(daysUntil('2027-01-01', '2026-12-31')).toBe(1);
    expect(daysUntil('2026-03-30', '2026-03-28')).toBe(2); // across a DST change elsewhere
    expect(daysUntil('2026-01-01', '2026-01-02')).toBe(-1);
  });
});
