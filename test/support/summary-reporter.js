/* Writes test-results/summary.json so .ci/run can print "N passed, N failed" from the results themselves. */
const fs = require("fs");
const path = require("path");
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const dir = path.join(process.cwd(), "test-results");
    fs.mkdirSync(dir, { recursive: true });
    const failedSuites = results.numFailedTestSuites - results.testResults.filter((r) => r.numFailingTests > 0).length;
    fs.writeFileSync(
      path.join(dir, "summary.json"),
      JSON.stringify({
        passed: results.numPassedTests,
        failed: results.numFailedTests + Math.max(0, failedSuites),
        skipped: results.numPendingTests + results.numTodoTests,
        suites: results.numTotalTestSuites,
      }),
    );
  }
}
module.exports = SummaryReporter;
