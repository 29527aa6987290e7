export * from './program';
export * from './api';
