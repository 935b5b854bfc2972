/** Two projects: pure/Node code (core, functions, excel adapter on the simulated host) and the React pane in jsdom. */
const swc = ["@swc/jest", { jsc: { parser: { syntax: "typescript", tsx: true }, transform: { react: { runtime: "automatic" } }, target: "es2020" } }];
const common = {
  transform: { "^.+\\.(t|j)sx?$": swc },
  moduleFileExtensions: ["ts", "tsx", "js", "json"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
};
module.exports = {
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
  projects: [
    { ...common, displayName: "node", testEnvironment: "node", testMatch: ["<rootDir>/test/**/*.test.ts"], setupFiles: ["<rootDir>/test/support/custom-functions-stub.ts", "<rootDir>/test/support/fast-check-setup.ts"] },
    { ...common, displayName: "pane", testEnvironment: "jsdom", testMatch: ["<rootDir>/test/**/*.test.tsx"], setupFiles: ["<rootDir>/test/support/fast-check-setup.ts"], setupFilesAfterEnv: ["<rootDir>/test/support/pane-setup.ts"] },
  ],
};
