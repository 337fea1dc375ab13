const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

// The Medusa test runners read these; `localhost` (not 127.0.0.1) keeps them from turning on SSL.
process.env.DB_HOST ??= "localhost"
process.env.DB_PORT ??= "5432"
process.env.DB_USERNAME ??= "postgres"
process.env.DB_PASSWORD ??= ""

const suites = {
  unit: ["**/src/**/__tests__/**/*.unit.spec.[jt]s?(x)"],
  "integration:modules": ["**/src/modules/*/__tests__/**/*.module.spec.[jt]s"],
  "integration:http": ["**/integration-tests/http/**/*.spec.[jt]s"],
  "integration:install": ["**/integration-tests/install/**/*.spec.[jt]s"],
  "integration:cluster": ["**/integration-tests/cluster/**/*.spec.[jt]s"],
  "integration:browser": ["**/integration-tests/browser/**/*.spec.[jt]s"],
}

// a missing or misspelt TEST_TYPE must not quietly run another suite (a green unit run that was meant to be
// the HTTP suite proves nothing)
const testType = process.env.TEST_TYPE
if (!Object.prototype.hasOwnProperty.call(suites, testType ?? "")) {
  throw new Error(
    `jest.config.js: TEST_TYPE ${testType === undefined ? "is not set" : `'${testType}' is not a test suite`}; ` +
      `set it to one of: ${Object.keys(suites).join(", ")}`
  )
}

// the HTTP suite's app registers no scheduled jobs: every run and delivery in it is one a test started, at the
// moment the test chose (tests that are about the jobs call their handlers)
if (testType === "integration:http") {
  process.env.DUNNING_SCHEDULED_JOBS ??= "false"
}

module.exports = {
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", decorators: true, tsx: true },
          transform: { react: { runtime: "automatic" } },
        },
      },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/", "<rootDir>/.cache/"],
  setupFiles: ["./integration-tests/setup.js"],
  testMatch: suites[testType],
}
