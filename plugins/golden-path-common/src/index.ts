/** Shared by the portal and the backend packages: nothing here imports Node or a backend package. */
export {
  ANNOTATION_BEHIND,
  ANNOTATION_COMMIT,
  ANNOTATION_CREATED_FROM,
  ANNOTATION_DRIFT,
  ANNOTATION_LATEST,
  ANNOTATION_MANAGED_DRIFT,
  ANNOTATION_NAME_FIELD,
  ANNOTATION_PARTS,
  ANNOTATION_STATUS,
  ANNOTATION_TEMPLATE,
  ANNOTATION_VERSION,
  formatDrift,
  goldenPathStatus,
  goldenPathTemplate,
  goldenPathVersion,
  parseDrift,
  parsePartRefs,
  type DriftCounts,
  type GoldenPathStatus,
  type GoldenPathStatusValue,
  type PartRef,
} from './annotations.js';
export { parseFargateSize, type FargateSize } from './fargate.js';
export type { NameCheck, NameCheckRequest } from './nameCheck.js';
export { goldenPathServiceCreatePermission, ownerRef } from './permissions.js';
export {
  referenceIssues,
  referenceIssuesText,
  type EntityLookup,
  type ReferenceIssue,
  type ServiceReferences,
} from './references.js';
export {
  GOLDEN_PATH_API_BASE,
  pullRequestPagePath,
  pullRequestPaths,
  type PullRequestChangelogEntry,
  type PullRequestConflict,
  type PullRequestConflictReason,
  type PullRequestFile,
  type PullRequestFileClass,
  type PullRequestFileOutcome,
  type PullRequestGate,
  type PullRequestList,
  type PullRequestRecord,
  type PullRequestRepository,
  type PullRequestState,
  type PullRequestValidatorSummary,
  type PullRequestValues,
} from './pullRequests.js';
export {
  PREVIEW_PATH,
  type Preview,
  type PreviewFile,
  type PreviewProblem,
  type PreviewRefusal,
  type PreviewRequest,
  type PreviewValidator,
  type PreviewVerdict,
} from './preview.js';
export {
  ENVIRONMENT_KINDS,
  ENVIRONMENTS_FILE,
  isDeployable,
  PREVIEW_GITHUB_ENVIRONMENT,
  PREVIEW_SWEEP_GITHUB_ENVIRONMENT,
  PREVIEW_TTL_HOURS_MAX,
  TENANT_BRANCH_PREFIX,
  type EnvironmentEntry,
  type EnvironmentKind,
} from './environments.js';
export {
  APPROVERS_MAX,
  DESIRED_COUNT_MAX,
  ENVIRONMENT_NAME_MAX,
  isEnvironmentName,
  LOG_RETENTION_DAYS,
  MAX_COUNT_MAX,
  parseApprover,
  parseEnvironmentEntry,
} from './environmentsEntry.js';
export {
  checkFormEnvironments,
  PCI_LOG_DAYS,
  type CheckedFormEnvironments,
  type EnvironmentInput,
  type ServiceValues,
} from './environmentsForm.js';
export {
  checkEnvironments,
  environmentProblemText,
  type CheckedEnvironments,
  type EnvironmentProblem,
} from './environmentsCheck.js';
export { parseEnvironmentsFile, type ParsedEnvironments } from './environmentsFile.js';
export {
  RESERVED_TENANT_NAMES,
  TENANT_STACK_NAME_MAX,
  tenantEntryProblem,
  tenantHost,
  tenantNameMax,
  tenantNameProblem,
  type TenantContext,
} from './tenants.js';
export {
  ANNOTATION_APPROVERS,
  ANNOTATION_AWS_ACCOUNT,
  ANNOTATION_AWS_REGION,
  ANNOTATION_ENVIRONMENT_BRANCH,
  ANNOTATION_ENVIRONMENT_KIND,
  ANNOTATION_ENVIRONMENT_ORDER,
  ANNOTATION_ENVIRONMENT_PROBLEMS,
  ANNOTATION_LOG_RETENTION_DAYS,
  ANNOTATION_MONTHLY_COST_CAP,
  ANNOTATION_SCALING,
  ANNOTATION_TASK_SIZE,
  ANNOTATION_TENANT_HOST,
  environmentOf,
  environmentResource,
  environmentResourceName,
  RESOURCE_TYPE_ENVIRONMENT,
  RESOURCE_TYPE_TENANT,
  sortEnvironments,
  type EnvironmentService,
  type EnvironmentSource,
  type EnvironmentView,
} from './environmentEntities.js';
