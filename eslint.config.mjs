import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".next*/**", "node_modules/**", ".data/**", "db/migrations/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "public/**"] },
  ...tseslint.configs.recommended,
  {
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // Only lib/env.ts reads the environment (DESIGN.md); everything else asks env().
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["lib/env.ts", "*.config.ts", "e2e/**", "tests/**", "bench/**", "scripts/**"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read settings through env() from lib/env.ts." }],
    },
  },
  {
    // Imports go one way: app → components → lib → db.
    files: ["lib/**", "db/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/*", "@/components/*"], message: "lib and db must not import from app or components." }] }],
    },
  },
);
