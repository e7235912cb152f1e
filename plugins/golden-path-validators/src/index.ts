export type {
  BaseImagePolicy,
  Finding,
  Severity,
  ValidateOptions,
  ValidationReport,
  ValidatorResult,
  ServiceTestOptions,
} from './types.js';
export { validateRepository, validatorNames } from './validate.js';
export { formatReport } from './report.js';
export { validatorVersions } from './versions.js';
export { approvedImages, supportProblem, WARN_DAYS, type ApprovedImage } from './validators/base-images.js';
