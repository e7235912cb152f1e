/** TechDocs builds with Debian's MkDocs in the gate's sandbox (the embedded defaults' generator). */
export { techdocsModuleGoldenPath as default } from './module.js';
export { createGoldenPathTechdocsGenerator } from './generator.js';
export { MKDOCS, SandboxedMkdocsRunner, TECHDOCS_CORE_STAND_IN } from './SandboxedMkdocsRunner.js';
