export * from './schema.js';
export * from './toProfile.js';
export * from './profile.js';
export * from './jsonSchema.js';
