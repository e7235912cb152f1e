/** Scaffolder module `golden-path`: actions golden-path:render, golden-path:check and golden-path:publish. */
export { scaffolderModuleGoldenPath as default } from './module.js';
export { createRenderAction, RENDER_ACTION_ID } from './actions/render.js';
export { createCheckAction, CHECK_ACTION_ID, violationsMessage, type CheckDeps } from './actions/check.js';
export { createPublishAction, PUBLISH_ACTION_ID, type PublishDeps } from './actions/publish.js';
export { validateInChildProcess, type CheckResult } from './check/validateInChildProcess.js';
export { createUpgradeAction, UPGRADE_ACTION_ID, type UpgradeDeps, type UpgradeHost } from './actions/upgrade.js';
export { createGate, goldenPathGateServiceFactory } from './gate/gate.js';
