/** The portal's permission policy (docs/backend.md, "Security model"). */
export { goldenPathPolicy as default } from './module.js';
export { GoldenPathPermissionPolicy } from './policy.js';
