import { describe, expect, it } from 'vitest';
import { validateGrammar } from './parser.ts';

// Production parsers skip chevrotain's grammar validations (half of a cold start); they run here.
describe('grammar', () => {
  it('passes chevrotain’s grammar validations (no ambiguity, no left recursion)', () => {
    expect(() => validateGrammar()).not.toThrow();
  });
});
