import type { Validator } from '../types.js';
import { actionlintValidator } from './actionlint.js';
import { baseImagesValidator } from './base-images.js';
import { catalogValidator } from './catalog.js';
import { composeValidator } from './compose.js';
import { dockerfileValidator } from './dockerfile.js';
import { serviceTestsValidator } from './service-tests.js';
import { shellcheckValidator } from './shellcheck.js';
import { terraformValidator } from './terraform.js';
import { terraformValidateValidator } from './terraform-validate.js';
import { trivyConfigValidator } from './trivy-config.js';
import { workflowSchemaValidator } from './workflow-schema.js';
import { yamlValidator } from './yaml.js';

/** Every validator, in report order. */
export const validators: Validator[] = [
  yamlValidator,
  catalogValidator,
  actionlintValidator,
  workflowSchemaValidator,
  shellcheckValidator,
  dockerfileValidator,
  baseImagesValidator,
  terraformValidator,
  terraformValidateValidator,
  composeValidator,
  trivyConfigValidator,
  serviceTestsValidator,
];

/** Started first so that they overlap the quick ones rather than run last and alone. */
export const slowValidators = new Set(['trivy-config', 'terraform-validate', 'service-tests']);
