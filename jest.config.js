// Three projects: unit tests beside the code, database tests (run on sqlite, and on PostgreSQL when
// DATABASE_URL is set), and end-to-end tests through HTTP. Browser tests have their own config.
const tsJest = ['ts-jest', { isolatedModules: true, diagnostics: false }];
const base = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
  rootDir: __dirname,
};
module.exports = {
  testTimeout: 30000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/migrations/**/*.spec.ts'] },
    { ...base, displayName: 'db', testMatch: ['<rootDir>/test/**/*.db-spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
