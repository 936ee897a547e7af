// Prints vitest's JSON report as one plain closing line, "N passed, N failed", that CI reads.
import { readFileSync } from 'node:fs'

const file = process.argv[2]
if (!file) throw new Error('usage: print-test-summary <vitest-json-report>')
const report = JSON.parse(readFileSync(file, 'utf8')) as {
  numPassedTests: number
  numFailedTests: number
  numPendingTests: number
}
console.log(
  `${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`,
)
