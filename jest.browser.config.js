// Browser tests drive Debian's Chromium through playwright-core (`.ci/run` installs it).
module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.browser-spec.ts'],
  testTimeout: 60000,
};
