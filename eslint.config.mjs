// ESLint for the whole repository (flat config): typescript-eslint's recommended rules for the
// TypeScript (functions, tests, the admin page), ESLint's recommended rules for the Node tools, and
// eslint-config-prettier last so that layout is Prettier's alone. `npm test` runs it with zero warnings allowed.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "functions/lib/**", "hosting/public/**", ".stack/**", ".tmp/**", ".emulator-data/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ["**/*.{mjs,cjs,js}"], languageOptions: { globals: { ...globals.node } } },
  // .js is CommonJS here (no package declares "type": "module").
  { files: ["**/*.{cjs,js}"], languageOptions: { sourceType: "commonjs" }, rules: { "@typescript-eslint/no-require-imports": "off" } },
  // Unused on purpose: Express's error handler is known by its four parameters.
  { rules: { "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }] } },
  { files: ["hosting/src/**/*.ts"], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ["tests/**/*.ts", "functions/src/**/*.test.ts", "functions/src/testing/**/*.ts"],
    languageOptions: { globals: { ...globals.jest, ...globals.node } },
  },
  prettier,
);
