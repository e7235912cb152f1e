import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import type { BaseImagePolicy, Validator, ValidatorOutcome } from '../types.js';
import { lineOfPath, parseYamlSource } from '../yaml-source.js';
import { isComposeFile } from './compose.js';
import { isDockerfile } from './dockerfile.js';

type Findings = ValidatorOutcome['findings'];

/** How long before an image's support end the gate starts warning. */
export const WARN_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One entry of platform.yaml's approvedImages, named by its place (`python.runtime`). */
export interface ApprovedImage {
  name: string;
  image: string;
  tag: string;
  digest: string;
  /** The last day the image gets security rebuilds, YYYY-MM-DD. */
  supportEnds: string;
}

/**
 * platform.yaml's approvedImages (groups of images per runtime) as a list, with what is wrong in
 * it: an image without a digest or a support end date is the platform team's mistake, and the gate
 * cannot judge a base it has no date for.
 */
export function approvedImages(approved: unknown): { images: ApprovedImage[]; problems: string[] } {
  const images: ApprovedImage[] = [];
  const problems: string[] = [];
  if (!isRecord(approved)) return { images, problems: ['platform.yaml has no approvedImages mapping'] };
  for (const [group, entries] of Object.entries(approved)) {
    if (!isRecord(entries)) {
      problems.push(`platform.yaml approvedImages.${group} is not a mapping of images`);
      continue;
    }
    for (const [key, entry] of Object.entries(entries)) {
      const name = `${group}.${key}`;
      const e = isRecord(entry) ? entry : {};
      const missing = ['image', 'tag', 'digest', 'supportEnds'].filter(k => typeof e[k] !== 'string' || !e[k]);
      if (missing.length) {
        problems.push(`platform.yaml approvedImages.${name} lacks ${missing.join(', ')}`);
      } else if (!isDate(e.supportEnds as string)) {
        problems.push(`platform.yaml approvedImages.${name}.supportEnds must be a date (YYYY-MM-DD)`);
      } else {
        images.push({ name, ...(e as Omit<ApprovedImage, 'name'>) });
      }
    }
  }
  return { images, problems };
}

/** Whole days from `today` to `date` (both YYYY-MM-DD, UTC): negative once the date has passed. */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/** Today in UTC as YYYY-MM-DD. */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The verdict on one approved image for `today`: past its support end, close to it, or fine. */
export function supportProblem(
  image: ApprovedImage,
  today: string,
): { severity: 'error' | 'warning'; message: string } | undefined {
  const days = daysUntil(image.supportEnds, today);
  const what = `${image.image}:${image.tag} (platform.yaml approvedImages.${image.name})`;
  if (days < 0) {
    return {
      severity: 'error',
      message: `${what} lost support on ${image.supportEnds}: it gets no security rebuilds; move to a maintained base`,
    };
  }
  if (days <= WARN_DAYS) {
    return {
      severity: 'warning',
      message: `${what} loses support on ${image.supportEnds}, in ${days} day(s): plan the move to a maintained base`,
    };
  }
  return undefined;
}

/** The images a file runs: a Dockerfile's bases (not its stages), a compose file's services' images. */
function imageRefs(file: string, content: string): { ref: string; line?: number; what: string }[] {
  if (isDockerfile(file)) {
    const stages = new Set<string>();
    const refs: { ref: string; line?: number; what: string }[] = [];
    for (const from of DockerfileParser.parse(content).getFROMs()) {
      const ref = from.getExpandedArguments()[0]?.getValue() ?? '';
      const isStage = stages.has(ref.toLowerCase()) || ref === 'scratch';
      const stage = from.getBuildStage();
      if (stage) stages.add(stage.toLowerCase());
      if (!isStage) refs.push({ ref, line: from.getRange().start.line + 1, what: `FROM ${ref}` });
    }
    return refs;
  }
  const source = parseYamlSource(content);
  return source.documents.flatMap(doc => {
    const services = doc.errors.length ? undefined : (doc.toJS() as { services?: unknown } | null)?.services;
    if (!isRecord(services)) return [];
    return (
      Object.entries(services)
        // A service with `build:` runs the image built from its Dockerfile (checked there).
        .filter(([, service]) => isRecord(service) && typeof service.image === 'string' && !('build' in service))
        .map(([name, service]) => {
          const ref = (service as { image: string }).image;
          return {
            ref,
            line: lineOfPath(source, doc, ['services', name, 'image']),
            what: `services.${name}.image ${ref}`,
          };
        })
    );
  });
}

/**
 * Every image a Dockerfile builds FROM, or a compose file runs, is one the platform approved (same
 * image, tag and digest), and still supported: an error past its support end date, a warning
 * within WARN_DAYS of it. Runs only when the caller passes the platform's images (`baseImages`).
 */
export const baseImagesValidator: Validator = {
  name: 'base-images',
  appliesTo: (files, options) =>
    options.baseImages ? files.map(f => f.path).filter(f => isDockerfile(f) || isComposeFile(f)) : [],
  async run(dir, files, options) {
    const policy = options.baseImages as BaseImagePolicy;
    const { images, problems } = approvedImages(policy.approved);
    const today = policy.today ?? utcToday();
    const findings: Findings = problems.map(message => ({ file: files[0]!, severity: 'error', message }));
    for (const file of files) {
      for (const { ref, line, what } of imageRefs(file, await readFile(path.join(dir, file), 'utf8'))) {
        const image = images.find(i => ref === `${i.image}:${i.tag}@${i.digest}`);
        if (!image) {
          findings.push({
            file,
            line,
            severity: 'error',
            message: `${what}: not an approved image (platform.yaml approvedImages, as image:tag@digest)`,
          });
          continue;
        }
        const problem = supportProblem(image, today);
        if (problem) findings.push({ file, line, ...problem });
      }
    }
    return { findings };
  },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDate(value: string): boolean {
  return DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}
