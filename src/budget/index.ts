/** What a budget buys (compute-optimal model and data, Hoffmann et al. 2022), and what a model costs. */
export * from './chinchilla.js';
export * from './plan.js';
export * from './render.js';
