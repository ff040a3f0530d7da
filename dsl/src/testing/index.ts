// Test support shared by the packages' tests (`@motcua/dsl/testing`).
export { random, type Random } from './random.ts';
export { withEnglish, withoutEnglish } from './english.ts';
