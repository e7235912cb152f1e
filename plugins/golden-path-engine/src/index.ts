export {
  GoldenPathEngine,
  type EngineOptions,
  type GoldenPathSummary,
  type Prepared,
  type RenderPlan,
} from './engine.js';
export {
  GoldenPathError,
  isUserError,
  TargetError,
  TemplateError,
  UnknownGoldenPathError,
  ValuesError,
  type ValueIssue,
} from './errors.js';
export { escapers, type Escapers } from './escape.js';
export { nameVariants, type NameVariants, AWS_NAME_MAX } from './names.js';
export { type EntityRefParts, type FieldDeriver } from './fields.js';
export { type Environment, type Environments } from './environments.js';
export { type TechDocsPlace } from './techdocs.js';
export {
  MANIFEST_PATH,
  ManifestError,
  readManifest,
  type Manifest,
  type RecordedFile,
  type RecordedManifest,
} from './manifest.js';
export {
  FILE_CLASSES,
  FILE_CLASSES_SCHEMA,
  fileClassifier,
  globToRegExp,
  type FileClass,
  type FileClassGlobs,
  type FileClassifier,
} from './file-classes.js';
export { assertWritableTarget } from './write.js';
export type { PlannedFile } from './render.js';
export type { RenderContext } from './context.js';
export { RUNTIME_SCHEMA, type ContainerEnvironment, type Runtime, type ServiceTest } from './runtime.js';
export { contractProblems, PART_CONTRACT_SCHEMA, type PartContract } from './contract.js';
export { isDisplayOnlyField } from './schema.js';
export { isSecretField, type GoldenPath, type Part } from './template.js';
export { compareVersions, satisfies, parseVersion } from './semver.js';
export {
  composeParameters,
  readSharedParameters,
  SHARED_PARAMETERS_DIR,
  SHARED_PARAMETERS_PLACEHOLDER,
} from './shared-parameters.js';
export { composeSteps, readSharedSteps, SHARED_STEPS_DIR, SHARED_STEPS_PLACEHOLDER } from './shared-steps.js';
export { parseYamlFile } from './yaml-file.js';
