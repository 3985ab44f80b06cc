/** Writes the run's counts to JEST_SUMMARY_FILE so `npm test` can end with "N passed, N failed". */
const { writeFileSync } = require("node:fs");

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.JEST_SUMMARY_FILE;
    const summary = { passed: results.numPassedTests, failed: results.numFailedTests + results.numRuntimeErrorTestSuites, total: results.numTotalTests };
    if (file) writeFileSync(file, JSON.stringify(summary));
  }
}
module.exports = SummaryReporter;
