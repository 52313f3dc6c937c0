export * from './schema.js';
export * from './profile.js';
export * from './jsonSchema.js';
