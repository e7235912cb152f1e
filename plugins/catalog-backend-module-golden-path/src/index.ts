/** Catalog module: the shared form steps and steps golden-path Templates compose, and each Component's golden-path status. */
export { catalogModuleGoldenPath as default } from './module.js';
export { GoldenPathStatusProcessor, type GoldenPathStatusProcessorOptions } from './GoldenPathStatusProcessor.js';
export {
  GoldenPathEnvironmentsProcessor,
  type GoldenPathEnvironmentsProcessorOptions,
} from './GoldenPathEnvironmentsProcessor.js';
export { goldenPathPlaceholders } from './placeholders.js';
