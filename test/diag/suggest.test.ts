import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearest } from '../../src/diag/index.js';

describe('suggest', () => {
  it('measures edit distance with transpositions', () => {
    expect(editDistance('score', 'scoer')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
  it('suggests the nearest close name', () => {
    expect(nearest('scor', ['eval_age', 'score', 'open_disputes'])).toBe('score');
    expect(didYouMean('ammount', ['amount', 'tool'])).toBe('did you mean `amount`?');
  });
  it('allows for letters dropped from a longer name', () => {
    // Two edits on a five-letter name: the allowance follows the longer of the two names.
    expect(nearest('flagd', ['score', 'flagged'])).toBe('flagged');
    expect(nearest('apprvl', ['approval', 'action'])).toBe('approval');
    expect(nearest('tol', ['tool', 'total_amount'])).toBe('tool');
  });
  it('offers nothing for distant names', () => {
    expect(nearest('x', ['y', 'zz'])).toBeUndefined();
    expect(nearest('refund', ['score', 'tool'])).toBeUndefined();
  });
});
