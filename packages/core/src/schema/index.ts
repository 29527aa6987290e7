export * from './program';
export * from './api';
export * from './issue-code';
