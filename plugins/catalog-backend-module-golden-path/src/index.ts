/** Catalog module: shared form steps for golden-path Templates, and each Component's golden-path status. */
export { catalogModuleGoldenPath as default } from './module.js';
export { GoldenPathStatusProcessor, type GoldenPathStatusProcessorOptions } from './GoldenPathStatusProcessor.js';
export { sharedParametersResolver } from './sharedParametersResolver.js';
