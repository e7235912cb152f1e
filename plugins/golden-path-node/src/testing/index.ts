/** Test helpers for packages that use @golden-path/node (import from '@golden-path/node/testing'). */
export { RecordingGate } from './RecordingGate.js';
