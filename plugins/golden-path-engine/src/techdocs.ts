import { TemplateError } from './errors.js';

/**
 * Where a service's TechDocs live, for the templates (`techdocs.*`): its catalog entity's path,
 * which is both the portal's address of the site and its prefix in the docs bucket, and the bucket
 * production's pipeline publishes to (templates/platform.yaml `techdocs`).
 */
export interface TechDocsPlace {
  /** techdocs-cli's `--entity`: <namespace>/<Kind>/<name> of the catalog entity the catalog part writes. */
  entity: string;
  /** The same, lowercase: the portal's /docs/<path>/ and the bucket's prefix (TechDocs lowercases the triplet). */
  path: string;
  /** The site in the portal, and its runbooks' index (each alarm links `<runbooksUrl>/<alarm>/`); unset without platform.yaml `portal.baseUrl`. */
  siteUrl?: string;
  runbooksUrl?: string;
  /** The portal's docs bucket and its region; unset without platform.yaml `techdocs` (a template reading them fails to render). */
  bucket?: string;
  region?: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]$/;
const BASE_URL = /^https:\/\/[A-Za-z0-9.-]+(:[0-9]+)?$/;

/** Reads one string of platform.yaml; a value of the wrong shape is the platform team's bug. */
function platformString(platform: Record<string, unknown>, key: string, field: string, shape: RegExp, what: string) {
  const section = platform[key];
  if (section === undefined) return undefined;
  const value = (section as Record<string, unknown> | null)?.[field];
  if (typeof value !== 'string' || !shape.test(value)) {
    throw new TemplateError(`templates/platform.yaml ${key}.${field}: must be ${what}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The service `slug`'s TechDocs place, from the platform's data. */
export function techdocsPlace(platform: Record<string, unknown>, slug: string): TechDocsPlace {
  const entity = `default/Component/${slug}`;
  const path = entity.toLowerCase();
  const portal = platformString(platform, 'portal', 'baseUrl', BASE_URL, 'an https:// origin without a trailing slash');
  const siteUrl = portal === undefined ? undefined : `${portal}/docs/${path}`;
  return {
    entity,
    path,
    siteUrl,
    runbooksUrl: siteUrl === undefined ? undefined : `${siteUrl}/runbooks`,
    bucket: platformString(platform, 'techdocs', 'bucket', BUCKET, 'an S3 bucket name'),
    region: platformString(platform, 'techdocs', 'region', REGION, 'an AWS region such as eu-west-1'),
  };
}
