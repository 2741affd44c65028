/**
 * Diagnostics: the data every phase reports (`diagnostic.ts`), the code catalog (`catalog.ts`),
 * the one "did you mean" helper (`suggest.ts`) and rendering for terminals and JSON (`render.ts`).
 */
export * from './diagnostic.js';
export * from './catalog.js';
export * from './suggest.js';
export * from './render.js';
