// What the cold runs and the bundle load: @motcua/dsl's public entry plus the pipeline driver.
export * from '../dsl/src/index.ts';
export { commonFiles, makePipeline } from './pipeline.ts';
export { loadWorkspace } from '../dsl/src/node.ts';
