export type {
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
