export {
  GoldenPathEngine,
  type EngineOptions,
  type GoldenPathSummary,
  type RenderPlan,
  type ValidatedValues,
} from './engine.js';
export { GoldenPathError, TargetError, UnknownGoldenPathError, ValuesError, type ValueIssue } from './errors.js';
export { escapers, type Escapers } from './escape.js';
export { nameVariants, type NameVariants, AWS_NAME_MAX } from './names.js';
export { fargateSizes, parseFargateSize, type FargateSize } from './fargate.js';
export { parseEntityRef, type EntityRefParts } from './fields.js';
export { MANIFEST_PATH, type Manifest } from './manifest.js';
export { assertWritableTarget } from './write.js';
export type { PlannedFile } from './render.js';
export type { RenderContext } from './context.js';
export { ANNOTATION_NAME_FIELD, ANNOTATION_PARTS, ANNOTATION_VERSION, type GoldenPath, type Part } from './template.js';
export { satisfies, parseVersion } from './semver.js';
