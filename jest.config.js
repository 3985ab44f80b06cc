/** One jest run for everything: unit tests beside the code (the functions' and the page's), emulator tests under tests/. */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  roots: ["<rootDir>/functions/src", "<rootDir>/hosting/src", "<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  testTimeout: 120000,
  maxWorkers: 1,
  // Logs of in-process engine calls go to the console; tests assert on them with spies instead.
  silent: true,
  setupFilesAfterEnv: ["<rootDir>/tests/support/leave-simulators-clean.ts"],
  reporters: ["default", "<rootDir>/tests/support/summary-reporter.js"],
};
