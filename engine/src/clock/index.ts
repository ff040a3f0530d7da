export * from './processing-clock.ts';
