/*
 * ESLint flat config for `npm run lint` (office-addin-lint check -> eslint -c eslint.config.mjs "src/**\/*.{ts,tsx,js,jsx}").
 * Starts from eslint-plugin-office-addins' React config (the yo-office React template's rules: Office.js load/sync
 * rules, typescript-eslint, React, Prettier) and extends its TypeScript settings to .tsx files, which the plugin's own
 * config leaves out. Plugins come from eslint-plugin-office-addins itself; the TypeScript parser is imported the way
 * office-addin-lint's default config does it (the plugin's own config object carries an undefined parser).
 * Formatting is not a lint error: `npm run prettier` applies .prettierrc.json; lint leaves prettier out (the code base
 * was not written to one width, and a thousand formatting warnings would hide the findings that matter).
 * The three Office.js load/sync rules are warnings, not errors: they are static heuristics that flag correct code
 * (a load inside a .map callback followed by one sync, loads in one branch of an if); the simulated Excel host in
 * src/sim enforces load/sync at run time in the tests, which is the real check.
 */
import officeAddins from "eslint-plugin-office-addins";
import parser from "@typescript-eslint/parser";

const base = officeAddins.configs.recommended.find((c) => c.plugins?.["office-addins"]);
const plugins = base.plugins;

/** Node's globals, for the CommonJS build scripts (webpack.config.js, scripts/*.js) when they are linted. */
const nodeGlobals = Object.fromEntries(
  ["require", "module", "exports", "process", "__dirname", "console", "Buffer", "URL", "setTimeout"].map((g) => [
    g,
    "readonly",
  ]),
);

export default [
  { ignores: ["dist/**", "dist-preview/**", "node_modules/**", "coverage/**", "test-results/**", "**/*.d.ts"] },
  ...officeAddins.configs.react,
  // Every file office-addin-lint passes (src/**/*.{ts,tsx,js,jsx}) is parsed as TypeScript (JS is valid TS).
  { languageOptions: { parser } },
  {
    files: ["**/*.{ts,tsx,mts,cts}"],
    plugins,
    languageOptions: {
      parser,
      ecmaVersion: 2022,
      sourceType: "module",
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    rules: {
      ...base.rules,
      // TypeScript checks names (Office, Excel, CustomFunctions, DOM types); ESLint's no-undef cannot see types.
      "no-undef": "off",
      // React 18 automatic JSX runtime (swc: runtime "automatic"): no React import needed in scope.
      "react/react-in-jsx-scope": "off",
      "react/jsx-uses-react": "off",
      // Props are typed by TypeScript.
      "react/prop-types": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // Overloads are legal TypeScript; tsc reports real redeclarations.
      "no-redeclare": "off",
      "office-addins/call-sync-after-load": "warn",
      "office-addins/call-sync-before-read": "warn",
      "office-addins/load-object-before-read": "warn",
      "prettier/prettier": "off",
    },
  },
  {
    files: ["**/*.{js,cjs}"],
    languageOptions: { sourceType: "commonjs", globals: nodeGlobals },
    rules: { "@typescript-eslint/no-require-imports": "off", "prettier/prettier": "off" },
  },
];
