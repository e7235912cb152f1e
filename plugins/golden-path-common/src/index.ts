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
